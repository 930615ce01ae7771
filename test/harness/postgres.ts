/**
 * A real PostgreSQL for tests and the bench: Debian's postgresql-15, a new cluster (initdb) in a
 * temporary directory, listening on a free loopback port with its unix socket in that directory,
 * stopped and removed by `stop()` (or when the process exits). PostgreSQL refuses to run as root:
 * as root it runs as the `postgres` user (from Debian's package) or, without one, as `nobody`.
 * Each test takes a database of its own (`createDatabase`). `down()` and `up()` stop the server
 * and start it again on the same port and data, for tests of what the dashboard does meanwhile.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { locate } from "../../scripts/provision";
import { reserveLoopbackPorts } from "./ports";
import { deleteDirOnExit, spawnLogged, tailOfFile, type ManagedProcess } from "./processes";

/** The superuser initdb makes; trusted on loopback and the socket only, in a directory nobody else uses. */
const SUPERUSER = "jsw";
const READY_TIMEOUT_MS = 30_000;

export interface PostgresServer {
  port: number;
  dir: string;
  /** postgres://… of a database on this server. */
  url(database?: string): string;
  /** A new, empty database; answers its URL. */
  createDatabase(name?: string): Promise<string>;
  /** A fast shutdown (every client is disconnected); the data stays. */
  down(): Promise<void>;
  /** Starts the stopped server again, on the same port with the same data; resolves once it answers. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** Who runs the server: as root, an unprivileged account (with its uid and gid); otherwise the current user. */
function runAs(): { user: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  for (const user of ["postgres", "nobody"]) {
    try {
      const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim()));
      return { user, uid, gid };
    } catch {
      // no such account: try the next one
    }
  }
  throw new Error("running as root and neither a postgres nor a nobody account exists to run PostgreSQL as");
}

/** `settings`: server settings (`-c name=value`), e.g. { fsync: "off" } for tests that never survive a crash. */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  // POSTGRES_BIN_DIR chooses another PostgreSQL; else Debian's, which `npm test` installs (scripts/provision).
  const BIN = process.env.POSTGRES_BIN_DIR ?? path.dirname(locate({ tool: "postgres" }));
  if (!existsSync(path.join(BIN, "postgres"))) throw new Error(`POSTGRES_BIN_DIR=${BIN} has no postgres in it`);
  const dir = mkdtempSync(path.join(tmpdir(), "jsw-postgres-"));
  deleteDirOnExit(dir);
  const data = path.join(dir, "data");
  const log = path.join(dir, "postgres.log");
  const account = runAs();
  if (account) chownSync(dir, account.uid, account.gid);
  const as = (command: string, args: string[]) => (account ? ["runuser", ["-u", account.user, "--", command, ...args]] : [command, args]) as [string, string[]];

  const [initdb, initArgs] = as(path.join(BIN, "initdb"), ["-D", data, "-U", SUPERUSER, "--auth=trust", "--no-locale", "--encoding=UTF8", "--no-sync"]);
  execFileSync(initdb, initArgs, { stdio: "pipe" });

  const [port] = await reserveLoopbackPorts(1);
  const flags = Object.entries({ listen_addresses: "127.0.0.1", unix_socket_directories: dir, ...settings }).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  const [postgres, args] = as(path.join(BIN, "postgres"), ["-D", data, "-p", String(port), ...flags]);
  const url = (database = "postgres") => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;

  const launch = async (): Promise<ManagedProcess> => {
    const started = spawnLogged(postgres, args, log);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const client = new pg.Client({ connectionString: url() });
      try {
        await client.connect();
        await client.end();
        return started;
      } catch (err) {
        await client.end().catch(() => {});
        if (started.hasExited || Date.now() > deadline)
          throw new Error(`PostgreSQL did not start (${started.exitDescription}): ${(err as Error).message}\n${tailOfFile(log)}`);
        await sleep(100);
      }
    }
  };
  const shutDown = async (running: ManagedProcess): Promise<void> => {
    if (running.hasExited) return;
    // SIGINT: the fast shutdown (disconnect clients, no waiting); SIGKILL if it takes too long.
    running.signalGroup("SIGINT");
    const stopped = await Promise.race([running.exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) await running.kill();
  };
  let server = await launch();

  let databases = 0;
  return {
    port,
    dir,
    url,
    async createDatabase(name = `jsw_${process.pid}_${++databases}`) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async down() {
      await shutDown(server);
    },
    async up() {
      if (!server.hasExited) return;
      server = await launch();
    },
    async stop() {
      await shutDown(server);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
