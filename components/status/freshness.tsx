"use client";

import { formatDurationMs } from "@/lib/format";
import { useNow } from "../hooks/use-cluster-stream";

/** Back to this page after logging in. */
function loginHref(): string {
  return `/login?callbackUrl=${encodeURIComponent(`${window.location.pathname}${window.location.search}`)}`;
}

/**
 * "Updated 3 s ago"; turns into a loud STALE notice when updates stop, and says so when the reason
 * is that the login session ended (`refused`), with the way back.
 */
export function Freshness({ receivedAt, stale, connected, refused = false }: { receivedAt: number | null; stale: boolean; connected: boolean; refused?: boolean }) {
  const now = useNow();
  const age = receivedAt === null ? null : now - receivedAt;
  if (stale)
    return (
      <div role="status" data-testid="freshness" data-stale="true" className="rounded bg-crit px-3 py-1 text-sm font-bold text-on-crit">
        STALE — {age === null ? "no data received yet" : `last update ${formatDurationMs(age)} ago`}
        {refused ? (
          <>
            {" · you were logged out · "}
            <a href={loginHref()} className="underline">
              Log in again
            </a>
          </>
        ) : (
          !connected && " · reconnecting"
        )}
      </div>
    );
  return (
    <div role="status" data-testid="freshness" data-stale="false" className="text-sm text-slate-500">
      Updated {age === null ? "—" : `${Math.max(0, Math.round(age / 1000))} s ago`}
    </div>
  );
}
