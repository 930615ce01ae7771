import type { Metadata, Viewport } from "next";

export const metadata: Metadata = {
  title: "Wall",
  // The display token is in the page's URL: never send it anywhere as a Referer.
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#000000", colorScheme: "dark" };

/** Full screen, no navigation: a TV across the room, untouched for days. */
export default function WallLayout({ children }: { children: React.ReactNode }) {
  return <div className="fixed inset-0 overflow-hidden bg-black text-white">{children}</div>;
}
