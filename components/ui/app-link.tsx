import Link from "next/link";

/**
 * `next/link` without prefetching. Every page here is rendered on request from the live snapshot,
 * so a prefetch is a full server render: a table of 40 stream links and the navigation would send
 * 50 renders to the server on each page load — and again while the user scrolls — all competing
 * with the page the user is waiting for, for a result that is stale a poll later.
 */
export function AppLink(props: React.ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
