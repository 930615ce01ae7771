/**
 * What a nats-server version does differently in its monitoring answers, where the captured
 * fixtures cannot show it (a behaviour, not a field). Each line's first patch that has the
 * behaviour, from shared/nats-monitoring-reference.md §2 and reviews/collection-floor.md.
 */

interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) throw new Error(`not a nats-server version: "${text}"`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * True when `version` has a change that was released in the given first patches of some minor
 * lines (`{ "2.10": 19, "2.11": 0 }`): on a listed line from that patch on, and on every line
 * newer than the newest listed one.
 */
function since(version: Version, firstPatches: Record<string, number>): boolean {
  if (version.major !== 2) return version.major > 2;
  const lines = Object.entries(firstPatches).map(([line, patch]) => ({ minor: parseVersion(`${line}.0`).minor, patch }));
  const exact = lines.find((line) => line.minor === version.minor);
  if (exact) return version.patch >= exact.patch;
  return version.minor > Math.max(...lines.map((line) => line.minor));
}

export interface VersionBehaviour {
  /** `/jsz?stream-leader-only` is honoured (older servers ignore it and answer everything). */
  streamLeaderOnly: boolean;
  /** A consumer follower reports `num_pending` 0 (only the leader keeps it). */
  followerNumPendingZero: boolean;
  /** A follower's consumer entry shows delivered/ack floor/ack pending from the replicated store; before, it tracked none of them. */
  followerConsumerFromStore: boolean;
  /** A follower reports other followers as unknown (`current:false, active:0`, no lag); before, every peer got the follower's own stale lag. */
  followerPeersUnknown: boolean;
  /**
   * Every server's `meta_cluster` lists the meta peers as that server sees them (a follower: the
   * leader current, the other followers unknown) and names no `peer` hash while leaderless;
   * before, only the meta leader listed them, and a leaderless answer carried the hash of "".
   */
  metaPeersOnEveryServer: boolean;
  /** `limit` < 0 means every account; before, it panicked the handler (an empty reply). */
  negativeLimitMeansAll: boolean;
  /** Accounts are sorted by name on every page; before, only when `offset` ≠ 0. */
  accountsAlwaysSorted: boolean;
  /** The monitor sends `Access-Control-Allow-Origin: *`. */
  cors: boolean;
  /** `/jsz` reads `raft` and `direct-consumers` (a bad value is a 400; the simulator adds no Raft details). */
  jszRaftOption: boolean;
  jszDirectConsumersOption: boolean;
  /** `/jsz` clamps a negative `offset` to 0 and applies `streams` → `accounts` only without `acc`; before, a negative offset panicked. */
  jszClampsOffset: boolean;
  /** `/healthz` reads `details` (and answers `errors[]`). */
  healthzDetails: boolean;
  /** `/healthz` reads `js-meta-only`. */
  healthzJsMetaOnly: boolean;
}

export function versionBehaviour(text: string): VersionBehaviour {
  const v = parseVersion(text);
  return {
    streamLeaderOnly: since(v, { "2.10": 19, "2.11": 0 }),
    followerNumPendingZero: since(v, { "2.12": 9, "2.14": 1 }),
    followerConsumerFromStore: since(v, { "2.9": 17, "2.10": 0 }),
    followerPeersUnknown: since(v, { "2.12": 5, "2.14": 0 }),
    metaPeersOnEveryServer: since(v, { "2.15": 0 }),
    negativeLimitMeansAll: since(v, { "2.10": 28, "2.11": 2 }),
    accountsAlwaysSorted: since(v, { "2.10": 28, "2.11": 2 }),
    cors: since(v, { "2.9": 22, "2.10": 0 }),
    jszRaftOption: since(v, { "2.9": 15, "2.10": 0 }),
    jszDirectConsumersOption: since(v, { "2.11": 11, "2.12": 2, "2.14": 0 }),
    jszClampsOffset: since(v, { "2.10": 28, "2.11": 2 }),
    healthzDetails: since(v, { "2.10": 0 }),
    healthzJsMetaOnly: since(v, { "2.11": 0 }),
  };
}
