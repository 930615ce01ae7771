/**
 * Runs the simulator CLI as a child process (so its CPU is its own, apart from whoever measures)
 * and talks to it: its URLs and pid from the first line, knob changes over stdin.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const CLI = path.join(__dirname, "cli.ts");
const START_TIMEOUT_MS = 120_000;

export interface SimulatorProcess {
  version: string;
  nodes: string[];
  urls: string[];
  pid: number;
  child: ChildProcess;
  /** Sends one control object (see cli.ts CONTROL) and waits for its answer. */
  control(command: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** `args` are the CLI's options (`--nodes 5 --streams 10000 …`). */
export function startSimulatorProcess(args: string[], log: (line: string) => void = () => undefined): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args, "--json", "--control"], { stdio: ["pipe", "pipe", "pipe"] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the simulator did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim()}`));
    }, START_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (code ${code}): ${stderr.trim()}`));
    });
    let started = false;
    lines.on("line", (line) => {
      if (started) {
        waiting.shift()?.(line);
        return;
      }
      started = true;
      clearTimeout(timer);
      const info = JSON.parse(line) as { version: string; nodes: string[]; urls: string[]; pid: number };
      log(`simulator pid ${info.pid}: nats-server ${info.version} shapes, ${info.nodes.length} nodes`);
      resolve({
        ...info,
        child,
        control(command) {
          return new Promise((answer, fail) => {
            waiting.push((reply) => {
              const parsed = JSON.parse(reply) as Record<string, unknown>;
              if (parsed.ok) answer(parsed);
              else fail(new Error(`simulator: ${String(parsed.error)}`));
            });
            child.stdin!.write(`${JSON.stringify(command)}\n`);
          });
        },
        async stop() {
          process.removeListener("exit", killOnExit);
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.stdin!.end(); // the CLI exits when its control input closes
          const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}
