import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "JetStream Watch", template: "%s · JetStream Watch" },
  description: "Whole-cluster monitoring for NATS JetStream",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, the not-found page too: the content security policy's
  // nonce (proxy.ts) is new each time, and a page prerendered at build time would carry none.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
