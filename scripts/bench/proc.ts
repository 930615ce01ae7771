/** Memory and CPU of other processes, from Linux's /proc (the dashboard server, the nats-servers). */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessSample {
  atMs: number;
  /** Resident memory of the process and every descendant (`next start` may run workers). */
  rssBytes: number;
  /** utime + stime of the same processes, in clock ticks. */
  cpuTicks: number;
  pids: number[];
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

const CLOCK_TICKS = clockTicksPerSecond();

/** The fields after "(comm)", which may itself contain spaces and parentheses. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

function rssBytesOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

// statFields()[0] is the state (field 3 of stat), so ppid is [1], utime [11], stime [12].
const cpuTicksOf = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const parent = Number(statFields(pid)[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // exited while we looked
    }
  }
  return children;
}

function withDescendants(root: number): number[] {
  const children = childrenByParent();
  const pids: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift() as number;
    pids.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return pids;
}

export function sampleProcessTree(root: number): ProcessSample {
  let rssBytes = 0;
  let cpuTicks = 0;
  const pids: number[] = [];
  for (const pid of withDescendants(root)) {
    try {
      const fields = statFields(pid);
      rssBytes += rssBytesOf(pid);
      cpuTicks += cpuTicksOf(fields);
      pids.push(pid);
    } catch {
      // exited while we looked
    }
  }
  return { atMs: performance.now(), rssBytes, cpuTicks, pids };
}

/** Average CPU between two samples, in percent of one core. */
export function cpuPercentBetween(before: ProcessSample, after: ProcessSample): number {
  const seconds = (after.atMs - before.atMs) / 1000;
  return seconds > 0 ? ((after.cpuTicks - before.cpuTicks) / CLOCK_TICKS / seconds) * 100 : 0;
}

/** CPU time used between two samples, in ms. */
export function cpuMsBetween(before: ProcessSample, after: ProcessSample): number {
  return ((after.cpuTicks - before.cpuTicks) / CLOCK_TICKS) * 1000;
}

/** Several processes as one (e.g. all nats-servers of the cluster). */
export function sampleProcesses(roots: number[]): ProcessSample {
  const samples = roots.map(sampleProcessTree);
  return {
    atMs: performance.now(),
    rssBytes: samples.reduce((sum, s) => sum + s.rssBytes, 0),
    cpuTicks: samples.reduce((sum, s) => sum + s.cpuTicks, 0),
    pids: samples.flatMap((s) => s.pids),
  };
}
