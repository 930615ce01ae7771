/**
 * What the demo and the tests need from the machine, and how each is got: found where it is
 * installed, else built with `go install` into the project's cache, else installed from Debian's
 * packages when we run as root with apt, else the exact commands for the reader to run. Pure: the
 * machine's facts come in as `Machine`, so every decision is tested without the network.
 */
import path from "node:path";
import { cachedNatsServerPath, cachedPeerToolPath, CURRENT_NATS_SERVER, DEBIAN_NATS_SERVER, NATS_SERVER_MODULE, PEER_TOOLS, type PeerToolName } from "./versions";

export type ToolName = "nats-server" | "nginx" | "openssl" | "chromium" | "sqlite3" | "systemd-analyze" | "prometheus" | "promtool" | "postgres";
type PackageTool = Exclude<ToolName, "nats-server">;

/**
 * What is asked for. A nats-server is asked for by line: any installed one, Debian's, or a version
 * built into the cache. A peer tool of the benchmark is always its pinned version from the cache.
 */
export type Need =
  | { tool: "nats-server"; line: "any" | "debian" | { version: string } }
  | { tool: PackageTool }
  | { tool: PeerToolName };

/** The facts about this machine that the decisions depend on. */
export interface Machine {
  env: Partial<Record<"NATS_SERVER_BIN" | "CHROMIUM_PATH", string>>;
  /** Absolute path of an executable `name` on PATH. */
  which(name: string): string | undefined;
  isExecutable(file: string): boolean;
  /** Versions with an executable `<cache>/nats/<version>/nats-server`. */
  cachedNatsServers(): string[];
  cacheDir: string;
  root: boolean;
}

export type Route =
  /** `go install <module>@v<version>`; the executable it makes is the target's file name. */
  | { kind: "go-install"; name: string; module: string; version: string; go: string; target: string }
  | { kind: "apt"; aptGet: string; aptPackage: string; target: string };

export interface ToolPlan {
  need: Need;
  /** A short name for messages: "nats-server 2.14.5", "nginx". */
  label: string;
  found?: { path: string; source: string };
  /** Ways to get it, tried in order until one works (only when not found). */
  routes: Route[];
  /** Commands for the reader, shown when it is not found and no route worked. */
  howTo: string[];
  /** Set when a setting points at something unusable: no route is tried, the reader must fix the setting. */
  settingError?: string;
}

/** Where Debian puts each tool (/usr/sbin is not on a non-root user's PATH) and the package that has it. */
const DEBIAN: Record<ToolName, { bin: string; aptPackage: string }> = {
  "nats-server": { bin: DEBIAN_NATS_SERVER, aptPackage: "nats-server" },
  nginx: { bin: "/usr/sbin/nginx", aptPackage: "nginx" },
  openssl: { bin: "/usr/bin/openssl", aptPackage: "openssl" },
  chromium: { bin: "/usr/bin/chromium", aptPackage: "chromium" },
  sqlite3: { bin: "/usr/bin/sqlite3", aptPackage: "sqlite3" },
  "systemd-analyze": { bin: "/usr/bin/systemd-analyze", aptPackage: "systemd" },
  prometheus: { bin: "/usr/bin/prometheus", aptPackage: "prometheus" },
  promtool: { bin: "/usr/bin/promtool", aptPackage: "prometheus" },
  // Debian 12's PostgreSQL; its server binaries are not on PATH (the tests start their own cluster with them).
  postgres: { bin: "/usr/lib/postgresql/15/bin/postgres", aptPackage: "postgresql" },
};

/** The official Go tarball installs here; a non-login shell may not have it on PATH. */
const GO_FALLBACK = "/usr/local/go/bin/go";

const isPeerTool = (need: Need): need is { tool: PeerToolName } => need.tool in PEER_TOOLS;

export function labelOf(need: Need): string {
  if (isPeerTool(need)) return `${need.tool} ${PEER_TOOLS[need.tool].version}`;
  if (need.tool !== "nats-server") return need.tool;
  if (need.line === "any") return "nats-server";
  if (need.line === "debian") return "nats-server (Debian's package)";
  return `nats-server ${need.line.version}`;
}

function installed(machine: Machine, tool: ToolName): { path: string; source: string } | undefined {
  const onPath = machine.which(tool);
  if (onPath) return { path: onPath, source: "PATH" };
  if (machine.isExecutable(DEBIAN[tool].bin)) return { path: DEBIAN[tool].bin, source: "Debian's package" };
  return undefined;
}

/** The go command: on PATH, else where the official tarball installs it. */
export function goOf(machine: Machine): string | undefined {
  return machine.which("go") ?? (machine.isExecutable(GO_FALLBACK) ? GO_FALLBACK : undefined);
}

const newestFirst = (versions: string[]) => [...versions].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));

function aptCommand(machine: Machine, aptPackage: string): string {
  return `${machine.root ? "" : "sudo "}apt-get install ${aptPackage}`;
}

function aptRoute(machine: Machine, tool: ToolName): Route[] {
  const aptGet = machine.which("apt-get");
  return machine.root && aptGet ? [{ kind: "apt", aptGet, aptPackage: DEBIAN[tool].aptPackage, target: DEBIAN[tool].bin }] : [];
}

/** Commands that get a nats-server of `version` by hand, for this machine. */
function natsServerHowTo(machine: Machine, version: string, withApt: boolean): string[] {
  const target = cachedNatsServerPath(machine.cacheDir, version);
  const go = machine.which("go") ? "go" : (goOf(machine) ?? "go");
  const goInstall = `GOBIN=${path.dirname(target)} ${go} install ${NATS_SERVER_MODULE}@v${version}`;
  const lines = [
    goOf(machine)
      ? `${goInstall}   (needs the Go module proxy; \`go env GOPROXY\` shows which)`
      : `install Go (https://go.dev/dl/), then run this again: it builds nats-server ${version} itself (${goInstall})`,
  ];
  if (withApt && machine.which("apt-get")) lines.push(`${aptCommand(machine, "nats-server")}   (Debian's package: 2.9.x)`);
  lines.push("or set NATS_SERVER_BIN to a nats-server you have (release binaries: https://github.com/nats-io/nats-server/releases)");
  return lines;
}

function planNatsServer(machine: Machine, need: Extract<Need, { tool: "nats-server" }>): ToolPlan {
  const label = labelOf(need);
  const explicit = machine.env.NATS_SERVER_BIN;
  if (need.line === "any" && explicit) {
    if (machine.isExecutable(explicit)) return { need, label, found: { path: explicit, source: "NATS_SERVER_BIN" }, routes: [], howTo: [] };
    return {
      need,
      label,
      routes: [],
      howTo: [`unset NATS_SERVER_BIN, or point it at an executable nats-server`],
      settingError: `NATS_SERVER_BIN=${explicit} does not exist or is not executable`,
    };
  }
  if (need.line === "debian") {
    const bin = DEBIAN["nats-server"].bin;
    if (machine.isExecutable(bin)) return { need, label, found: { path: bin, source: "Debian's package" }, routes: [], howTo: [] };
    return {
      need,
      label,
      routes: aptRoute(machine, "nats-server"),
      howTo: machine.which("apt-get")
        ? [aptCommand(machine, "nats-server")]
        : [`Debian's package is not available on this machine (no apt-get); choose the servers with NATS_SERVER_BINS=/path/a,/path/b`],
    };
  }
  const version = need.line === "any" ? CURRENT_NATS_SERVER : need.line.version;
  const target = cachedNatsServerPath(machine.cacheDir, version);
  const cached = machine.cachedNatsServers();
  if (need.line === "any") {
    const found = installed(machine, "nats-server");
    if (found) return { need, label, found, routes: [], howTo: [] };
    const newest = newestFirst(cached)[0];
    if (newest) return { need, label, found: { path: cachedNatsServerPath(machine.cacheDir, newest), source: "the project's cache" }, routes: [], howTo: [] };
  } else if (cached.includes(version)) {
    return { need, label, found: { path: target, source: "the project's cache" }, routes: [], howTo: [] };
  }
  const go = goOf(machine);
  const routes: Route[] = go ? [{ kind: "go-install", name: "nats-server", module: NATS_SERVER_MODULE, version, go, target }] : [];
  // Any line will do for the demo, so Debian's older one is a fallback; a test of a given line needs that line.
  if (need.line === "any") routes.push(...aptRoute(machine, "nats-server"));
  return { need, label, routes, howTo: natsServerHowTo(machine, version, need.line === "any") };
}

function planPackage(machine: Machine, need: Extract<Need, { tool: PackageTool }>): ToolPlan {
  const label = labelOf(need);
  const explicit = need.tool === "chromium" ? machine.env.CHROMIUM_PATH : undefined;
  if (explicit) {
    if (machine.isExecutable(explicit)) return { need, label, found: { path: explicit, source: "CHROMIUM_PATH" }, routes: [], howTo: [] };
    return { need, label, routes: [], howTo: ["unset CHROMIUM_PATH, or point it at an executable Chromium"], settingError: `CHROMIUM_PATH=${explicit} does not exist or is not executable` };
  }
  const found = installed(machine, need.tool);
  if (found) return { need, label, found, routes: [], howTo: [] };
  const howTo = machine.which("apt-get")
    ? [aptCommand(machine, DEBIAN[need.tool].aptPackage)]
    : [`install ${need.tool} with this system's package manager${need.tool === "chromium" ? ", then set CHROMIUM_PATH if it is not /usr/bin/chromium" : ""}`];
  return { need, label, routes: aptRoute(machine, need.tool), howTo };
}

/** A peer of the benchmark: its pinned version in the cache, else built there with Go, else the command. */
function planPeerTool(machine: Machine, need: { tool: PeerToolName }): ToolPlan {
  const label = labelOf(need);
  const { module, version } = PEER_TOOLS[need.tool];
  const target = cachedPeerToolPath(machine.cacheDir, need.tool);
  if (machine.isExecutable(target)) return { need, label, found: { path: target, source: "the project's cache" }, routes: [], howTo: [] };
  const go = goOf(machine);
  const goInstall = `GOBIN=${path.dirname(target)} ${go ?? "go"} install ${module}@v${version}`;
  return {
    need,
    label,
    routes: go ? [{ kind: "go-install", name: need.tool, module, version, go, target }] : [],
    howTo: [go ? `${goInstall}   (needs the Go module proxy; \`go env GOPROXY\` shows which)` : `install Go (https://go.dev/dl/), then run this again: it builds ${label} itself (${goInstall})`],
  };
}

export function plan(machine: Machine, need: Need): ToolPlan {
  if (isPeerTool(need)) return planPeerTool(machine, need);
  return need.tool === "nats-server" ? planNatsServer(machine, need) : planPackage(machine, need as Extract<Need, { tool: PackageTool }>);
}
