import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { constants } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: Error;
}

// Every child still alive, across all harnesses in this process, so the exit hooks can reap them.
const liveProcesses = new Set<ManagedProcess>();
// Directories to delete when this process exits without a harness having been stopped.
const disposableDirs = new Set<string>();

/** A child started in its own process group, with stdout/stderr appended to a log file. */
export class ManagedProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<ProcessExit>;
  #exit: ProcessExit | undefined;

  constructor(child: ChildProcess) {
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      const settle = (exit: ProcessExit) => {
        if (this.#exit) return;
        this.#exit = exit;
        liveProcesses.delete(this);
        resolve(exit);
      };
      child.once("exit", (code, signal) => settle({ code, signal }));
      child.once("error", (spawnError) => settle({ code: null, signal: null, spawnError }));
    });
    if (this.pid !== undefined) liveProcesses.add(this);
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  get exitDescription(): string {
    const exit = this.#exit;
    if (!exit) return "still running";
    if (exit.spawnError) return `failed to start: ${exit.spawnError.message}`;
    return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
  }

  /** Signals only the process itself; used for SIGSTOP/SIGCONT of a single nats-server. */
  signal(signal: NodeJS.Signals): void {
    if (this.pid === undefined || this.hasExited) throw new Error(`process is not running (${this.exitDescription})`);
    process.kill(this.pid, signal);
  }

  /** Signals the whole process group (nginx: its master and workers). */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.pid === undefined || this.hasExited) throw new Error(`process is not running (${this.exitDescription})`);
    process.kill(-this.pid, signal);
  }

  /**
   * SIGSTOP, returning only once every thread is stopped. kill() returns before the stop takes
   * effect: a busy nats-server was seen answering an HTTP request ~10 ms after kill(SIGSTOP) on
   * this 2-core VM, which would make "the node hangs" assertions flaky.
   */
  stopSync(): void {
    this.signal("SIGSTOP");
    const deadline = Date.now() + STOP_SETTLE_LIMIT_MS;
    while (!allThreadsStopped(this.pid as number) && Date.now() < deadline) sleepSync(1);
  }

  /**
   * SIGKILL to the whole process group: it works on a SIGSTOPped process too, and it takes nginx
   * workers down with their master (they would otherwise outlive it, holding the ports).
   */
  async kill(): Promise<ProcessExit> {
    killGroupSync(this);
    return this.exited;
  }
}

const STOP_SETTLE_LIMIT_MS = 1000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** Linux: every /proc/<pid>/task/<tid>/stat in state "T". Without /proc we cannot tell; say yes. */
function allThreadsStopped(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).every((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      // The state follows the parenthesised command name, which may itself contain spaces.
      return stat.slice(stat.lastIndexOf(")") + 2).startsWith("T");
    });
  } catch {
    return true;
  }
}

function killGroupSync(child: ManagedProcess): void {
  if (child.pid === undefined || child.hasExited) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // ESRCH: the group is already gone; the "exit" event is on its way.
  }
}

/**
 * Starts `command` detached into its own process group so a terminal Ctrl-C reaches only us; our
 * exit hooks then decide how children die, instead of nats-server racing us with its own
 * graceful shutdown.
 */
export function spawnLogged(command: string, args: string[], logFile: string): ManagedProcess {
  installExitHooks();
  const logFd = openSync(logFile, "a");
  try {
    const child = spawn(command, args, { detached: true, stdio: ["ignore", logFd, logFd] });
    return new ManagedProcess(child);
  } finally {
    closeSync(logFd);
  }
}

export function tailOfFile(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

export function deleteDirOnExit(dir: string): void {
  disposableDirs.add(dir);
}

export function keepDirOnExit(dir: string): void {
  disposableDirs.delete(dir);
}

function killEverythingSync(): void {
  for (const child of liveProcesses) killGroupSync(child);
}

function removeDisposableDirsSync(): void {
  for (const dir of disposableDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  disposableDirs.clear();
}

async function removeDisposableDirs(): Promise<void> {
  await Promise.all([...disposableDirs].map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
  disposableDirs.clear();
}

let exitHooksInstalled = false;
const SIGNAL_CLEANUP_LIMIT_MS = 3000;

/**
 * "exit" handlers must be synchronous, so that path kills and deletes synchronously. On a signal
 * (which, once handled, no longer ends the process by itself) children are killed at once but the
 * files are removed asynchronously before exiting with 128+n: a runner such as tsx forwards the
 * signal and SIGKILLs its child if the event loop does not answer within ~60 ms, which a
 * synchronous removal of busy JetStream store dirs can exceed.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on("exit", () => {
    killEverythingSync();
    removeDisposableDirsSync();
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      const exits = [...liveProcesses].map((child) => child.exited);
      killEverythingSync();
      const cleanup = Promise.all(exits).then(removeDisposableDirs);
      void Promise.race([cleanup, sleep(SIGNAL_CLEANUP_LIMIT_MS)])
        .catch(() => undefined) // the synchronous "exit" hook retries the removal
        .finally(() => process.exit(128 + constants.signals[signal]));
    });
  }
}
