import "server-only";
import { headers } from "next/headers";
import { displayLinkPrincipal } from "@/lib/auth/authenticate";
import { requestFacts } from "@/lib/auth/request";
import { currentSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getHistory } from "@/lib/history/runtime";
import { getHub, type ClusterCollector } from "@/lib/hub";
import { troubleSnapshot } from "@/lib/model/trouble";
import { storageLevelsOf } from "@/lib/view/storage";
import { WallClient } from "../client";
import { WallNotice } from "./wall-notice";

/** The first paint: the latest snapshot as a wall receives it, and how old it already is. */
function firstPaint(collector: ClusterCollector) {
  const snapshot = collector.snapshot();
  return {
    initial: snapshot && troubleSnapshot(snapshot),
    initialAgeMs: snapshot ? Math.max(0, Date.now() - Date.parse(snapshot.collectedAt)) : 0,
    initialRecent: collector.recentThroughput(),
  };
}

/** A display link of the configuration's, or a managed one (revoked: refused from the next page load). */
async function displayLinkAccepted(display: string, cluster: string | null): Promise<boolean> {
  const config = getConfig();
  const use = { at: Date.now(), ip: requestFacts(await headers(), config).ip, request: `GET /wall${cluster ? `/${cluster}` : ""}` };
  return (await displayLinkPrincipal(display, config, getHistory()?.store ?? null, use)) !== null;
}

/**
 * Who may see the wall: a valid display link, or someone logged in trying it from a desk. Anyone
 * else gets a plain "display link invalid" screen, never a login prompt: nobody is at the TV to
 * type a password. The token itself is not rendered: the browser reads it from its own URL.
 */
export async function WallRoute({ cluster, display }: { cluster: string | null; display: string | null }) {
  const config = getConfig();
  const allowed = display !== null ? await displayLinkAccepted(display, cluster) : (await currentSession(config)) !== null;
  if (!allowed)
    return (
      <WallNotice testId="display-link-invalid" title="Display link invalid" retry>
        {display === null
          ? "This screen was opened without a display token."
          : "This screen's display token is not known to the dashboard: it is mistyped, was revoked, or is no longer in its configuration."}{" "}
        Open the wall with the link an operator made for it: <code>/wall?display=&lt;token&gt;</code> (README, “Wall display”).
      </WallNotice>
    );
  const collector = getHub()?.collector(cluster);
  if (!collector)
    return (
      <WallNotice testId="wall-unknown-cluster" title={cluster ? "Unknown cluster" : "No cluster"} retry>
        {cluster ? `No cluster named “${cluster}” is configured.` : "No cluster is configured yet."}
      </WallNotice>
    );
  return (
    <WallClient
      cluster={collector.cluster.name}
      {...firstPaint(collector)}
      pollIntervalMs={config.pollIntervalMs}
      settings={{ rotateSeconds: config.wall.rotateSeconds, panels: config.wall.panels }}
      storageLevels={storageLevelsOf(config.alerts.thresholds)}
    />
  );
}
