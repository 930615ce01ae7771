/**
 * Which nats-server lines the demo and the tests run, and where built binaries are kept. The one
 * home of these facts: the demo, `npm test`, `npm run test:matrix`, `.ci/run` and the README read
 * them from here.
 */
import { homedir } from "node:os";
import path from "node:path";

/** The current line: what the demo builds when no nats-server is installed, and the newest the tests run. */
export const CURRENT_NATS_SERVER = "2.15.3";

/**
 * Every line `npm run test:matrix` runs, besides Debian's (oldest first): the newest release of each
 * maintained line on the Go module proxy (`go list -m -versions github.com/nats-io/nats-server/v2`;
 * there is no 2.13).
 */
export const MATRIX_NATS_SERVERS = ["2.10.27", "2.11.17", "2.12.15", "2.14.10", CURRENT_NATS_SERVER];

/** Debian's package (`apt-get install nats-server`): 2.9.10 on bookworm, the oldest line tested. */
export const DEBIAN_NATS_SERVER = "/usr/sbin/nats-server";

/** The Go module `go install` builds nats-server from. */
export const NATS_SERVER_MODULE = "github.com/nats-io/nats-server/v2";

/** The project's cache, outside the repository (`JSW_CACHE_DIR` moves it): built nats-servers live in `<cache>/nats/<version>/nats-server`. */
export function projectCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.JSW_CACHE_DIR ?? path.join(homedir(), ".cache", "jetstream-watch");
}

export function cachedNatsServerPath(cacheDir: string, version: string): string {
  return path.join(cacheDir, "nats", version, "nats-server");
}

/** A Go program the benchmark compares the dashboard with, built with `go install <module>@v<version>`. */
export interface GoTool {
  module: string;
  version: string;
  /** The executable `go install` makes (the module path's last element). */
  binary: string;
}

/**
 * The peers `npm run bench` measures, pinned so that two runs compare the same programs. natscli
 * v0.5.0, not `@latest` (v0.5.1), which does not install on the project's machines; nats-surveyor
 * v0.9.9, its newest tag.
 */
export const PEER_TOOLS = {
  natscli: { module: "github.com/nats-io/natscli/nats", version: "0.5.0", binary: "nats" },
  "nats-surveyor": { module: "github.com/nats-io/nats-surveyor", version: "0.9.9", binary: "nats-surveyor" },
} as const satisfies Record<string, GoTool>;

export type PeerToolName = keyof typeof PEER_TOOLS;

/** Built peers live in `<cache>/<tool>/<version>/<binary>`, beside the nats-servers. */
export function cachedPeerToolPath(cacheDir: string, tool: PeerToolName): string {
  const { version, binary } = PEER_TOOLS[tool];
  return path.join(cacheDir, tool, version, binary);
}
