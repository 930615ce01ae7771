/**
 * Starts the built dashboard (the standalone server, as `npm start` and a deployment run it) as a
 * child process with a generated config file, for the demo, the browser tests and the benchmark.
 * Requires `npm run build` first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { assembleStandalone, STANDALONE_ENTRY } from "./build";
import { buildCollectorWorker } from "./build-collector-worker";
import type { ClusterEntry } from "../test/harness/cluster-entry";

const ROOT = path.resolve(__dirname, "..");

export interface DashboardOptions {
  clusters: ClusterEntry[];
  port?: number;
  pollIntervalMs?: number;
  dataDir?: string;
  username?: string;
  password?: string;
  /** The role of that first user (default admin). */
  role?: "viewer" | "operator" | "admin";
  /** More users, each with its own password and role. */
  users?: { username: string; password: string; role: "viewer" | "operator" | "admin" }[];
  apiToken?: string;
  /** Further config-file sections (e.g. `history`, `report`), written as given. */
  extraConfig?: Record<string, unknown>;
  /** The config file's `alerts` section (hold time, thresholds, webhooks). */
  alerts?: {
    holdMs?: number;
    thresholds?: Record<string, number | null>;
    webhooks?: { url: string; format?: "json" | "slack" | "alertmanager" }[];
  };
  /** The token of a wall display link; default: a random one (see `wallUrl`). */
  displayToken?: string;
  /** The config file's `wall` section (rotation). */
  wall?: { rotateSeconds?: number; panels?: ("overview" | "placement" | "trouble")[] };
  /** The config file's `history` section (e.g. a finer `assetStepMs` for tests). */
  history?: { assetStepMs?: number; assetRollupMinutes?: number };
  /** Where the server's output goes; default: a log file in the data directory. */
  stdio?: "inherit" | "log";
}

export interface DashboardProcess {
  url: string;
  username: string;
  password: string;
  apiToken: string;
  /** The wall display's link: `/wall?display=<token>` on this dashboard. */
  wallUrl: string;
  configFile: string;
  dataDir: string;
  logFile: string;
  child: ChildProcess;
  /** SIGKILL the server and wait for it to exit. */
  kill(): Promise<void>;
  /** Start the same server again (same config, data dir, port, secret). */
  restart(): Promise<DashboardProcess>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the dashboard at ${url} did not become healthy within ${timeoutMs} ms; see ${logFile}`);
}

export async function startDashboard(opts: DashboardOptions): Promise<DashboardProcess> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !existsSync(path.join(ROOT, ".next/standalone/server.js"))) {
    throw new Error("no production build: run `npm run build` first");
  }
  // The worker bundle is made from the current source (a change in lib/ needs no new `next build`).
  assembleStandalone(await buildCollectorWorker());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "jsw-dashboard-"));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const username = opts.username ?? "admin";
  const password = opts.password ?? randomBytes(9).toString("base64url");
  const apiToken = opts.apiToken ?? randomBytes(24).toString("base64url");
  const displayToken = opts.displayToken ?? randomBytes(24).toString("base64url");
  const port = opts.port ?? (await freePort());
  const configFile = path.join(dataDir, "config.json");
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        pollIntervalMs: opts.pollIntervalMs ?? 1000,
        users: await Promise.all(
          [{ username, password, role: opts.role ?? "admin" }, ...(opts.users ?? [])].map(async (u) => ({ username: u.username, passwordHash: await bcrypt.hash(u.password, 10), role: u.role })),
        ),
        apiToken,
        displayTokens: [{ name: "wall", token: displayToken }],
        authSecret: randomBytes(32).toString("base64url"),
        dataDir,
        clusters: opts.clusters,
        ...(opts.alerts ? { alerts: opts.alerts } : {}),
        ...opts.extraConfig,
        ...(opts.wall ? { wall: opts.wall } : {}),
        ...(opts.history ? { history: opts.history } : {}),
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  const logFile = path.join(dataDir, "dashboard.log");

  const launch = async (): Promise<DashboardProcess> => {
    const child = spawn(process.execPath, [STANDALONE_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, DASHBOARD_CONFIG: configFile, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port) },
      stdio: opts.stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    if (opts.stdio !== "inherit") {
      const { createWriteStream } = await import("node:fs");
      const log = createWriteStream(logFile, { flags: "a" });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
    }
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    // On a signal, before anything slower (the cluster harness deletes its store directories first,
    // and a second Ctrl-C during that would leave the dashboard running without a parent).
    const killOnSignal = (signal: NodeJS.Signals) => {
      child.kill("SIGKILL");
      // Nobody else handles it: the signal's default action (ending this process) is still wanted.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    for (const signal of signals) process.prependOnceListener(signal, killOnSignal);
    const forget = () => {
      process.removeListener("exit", killOnExit);
      for (const signal of signals) process.removeListener(signal, killOnSignal);
    };
    const url = `http://127.0.0.1:${port}`;
    const exited = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
    await waitForHealth(url, child, 60_000, logFile);
    return {
      url,
      username,
      password,
      apiToken,
      wallUrl: `${url}/wall?display=${displayToken}`,
      configFile,
      dataDir,
      logFile,
      child,
      async kill() {
        child.kill("SIGKILL");
        await exited();
        forget();
      },
      restart: launch,
      async stop() {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited();
        clearTimeout(timer);
        forget();
      },
    };
  };
  return launch();
}
