/**
 * What it costs to ask the running dashboard: a Prometheus scrape of /api/v1/metrics (with a
 * viewer token an admin made, as the README tells users, and the headers Prometheus sends) and a
 * read of the whole snapshot. Neither sends a request to a node; both answer from the snapshot the
 * collector already has, whose age is recorded with each answer. The dashboard's CPU per request
 * is its process tree's during the request, less its polling over an equally long pause after it.
 */
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { createGunzip } from "node:zlib";
import type { DashboardProcess } from "../dashboard-process";
import { signIn } from "../../test/harness/session";
import { cpuMsBetween, sampleProcessTree } from "./proc";

/** Prometheus 2.x/3.x's own Accept header for a scrape (it prefers OpenMetrics) and its Accept-Encoding. */
export const PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

export interface ApiCost {
  label: string;
  /** What the answer holds. */
  answers: string;
  /** How to make the same request by hand. */
  command: string;
  wallMs: number[];
  dashboardCpuMs: number[];
  decodedBytes: number[];
  wireBytes: number[];
  /** How old the figures were when the answer arrived. */
  snapshotAgeMs: number[];
  /** Series in a scrape (sample lines), from the last one. */
  series: number | null;
  /** The dashboard's own jsw_metrics_scrape_seconds (the previous scrape's build time), in ms. */
  selfReportedMs: number[];
  failures: string[];
}

interface Answer {
  status: number;
  text: string;
  wireBytes: number;
  wallMs: number;
}

function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { headers: { ...headers, "accept-encoding": "gzip" } }, (response) => {
      let wireBytes = 0;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => (wireBytes += chunk.length));
      const body = response.headers["content-encoding"] === "gzip" ? response.pipe(createGunzip()) : response;
      body.on("data", (chunk: Buffer) => chunks.push(chunk));
      body.once("error", reject);
      body.once("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), wireBytes, wallMs: performance.now() - started }));
    });
    request.setTimeout(60_000, () => request.destroy(new Error(`no answer from ${url} within 60 s`)));
    request.once("error", reject);
  });
}

/** A managed token with the viewer role, made by the admin through the admin API. */
async function viewerToken(dashboard: DashboardProcess): Promise<string> {
  const { cookie } = await signIn(dashboard.url, dashboard.username, dashboard.password);
  const made = await fetch(`${dashboard.url}/api/v1/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name: "bench-scrape", scope: "viewer" }),
  });
  if (made.status !== 201) throw new Error(`POST /api/v1/admin/tokens answered ${made.status}: ${await made.text()}`);
  return ((await made.json()) as { token: string }).token;
}

const sampleLine = (line: string) => line !== "" && !line.startsWith("#");

/** A sample's value from the text format: `name{labels} value`. */
export function sampleValue(text: string, name: string, cluster: string): number | null {
  const prefix = `${name}{cluster="${cluster}"} `;
  const line = text.split("\n").find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? null : Number(line.slice(prefix.length).split(" ")[0]);
}

interface Request {
  cost: ApiCost;
  path: string;
  headers: Record<string, string>;
  /** Reads what the answer says about itself. */
  read(answer: Answer, cost: ApiCost): void;
}

export async function measureApiCost(dashboard: DashboardProcess, cluster: string, reps: number): Promise<ApiCost[]> {
  const pid = dashboard.child.pid;
  if (pid === undefined) throw new Error("the dashboard process has no pid");
  const token = await viewerToken(dashboard);
  const auth = { authorization: `Bearer ${token}` };
  const newCost = (label: string, answers: string, command: string): ApiCost => ({ label, answers, command, wallMs: [], dashboardCpuMs: [], decodedBytes: [], wireBytes: [], snapshotAgeMs: [], series: null, selfReportedMs: [], failures: [] });
  const requests: Request[] = [
    {
      cost: newCost(
        "GET /api/v1/metrics (a Prometheus scrape)",
        "the snapshot as series: nodes, meta group, every stream with each replica's lag, every consumer (up to the per-stream cap), alerts",
        `curl -H 'Authorization: Bearer <viewer token>' -H 'Accept: ${PROMETHEUS_ACCEPT}' --compressed ${dashboard.url}/api/v1/metrics`,
      ),
      path: "/api/v1/metrics",
      headers: { ...auth, accept: PROMETHEUS_ACCEPT },
      read(answer, cost) {
        const lines = answer.text.split("\n");
        cost.series = lines.filter(sampleLine).length;
        const age = sampleValue(answer.text, "jsw_snapshot_age_seconds", cluster);
        if (age !== null) cost.snapshotAgeMs.push(age * 1000);
        const selfReported = lines.find((line) => line.startsWith("jsw_metrics_scrape_seconds "));
        if (selfReported) cost.selfReportedMs.push(Number(selfReported.split(" ")[1]) * 1000);
      },
    },
    {
      cost: newCost(
        "GET /api/v1/snapshot (the whole snapshot)",
        "the collector's last snapshot as JSON: what the pages show",
        `curl -H 'Authorization: Bearer <viewer token>' --compressed '${dashboard.url}/api/v1/snapshot?cluster=${cluster}'`,
      ),
      path: `/api/v1/snapshot?cluster=${cluster}`,
      headers: { ...auth, accept: "application/json" },
      read(answer, cost) {
        const collectedAt = (JSON.parse(answer.text) as { collectedAt?: string }).collectedAt;
        if (collectedAt) cost.snapshotAgeMs.push(Date.now() - Date.parse(collectedAt));
      },
    },
  ];
  for (let rep = 0; rep <= reps; rep++) {
    for (const { cost, path, headers, read } of requests) {
      const before = sampleProcessTree(pid);
      let answer: Answer;
      try {
        answer = await get(`${dashboard.url}${path}`, headers);
      } catch (error) {
        cost.failures.push((error as Error).message);
        continue;
      }
      const during = sampleProcessTree(pid);
      await sleep(answer.wallMs);
      const after = sampleProcessTree(pid);
      if (rep === 0) continue; // warm-up: the route's first compile and caches
      if (answer.status !== 200) {
        cost.failures.push(`HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
        continue;
      }
      const pollingMs = cpuMsBetween(during, after) * ((during.atMs - before.atMs) / Math.max(1, after.atMs - during.atMs));
      cost.wallMs.push(answer.wallMs);
      cost.dashboardCpuMs.push(cpuMsBetween(before, during) - pollingMs);
      cost.decodedBytes.push(Buffer.byteLength(answer.text));
      cost.wireBytes.push(answer.wireBytes);
      read(answer, cost);
    }
  }
  return requests.map((request) => request.cost);
}
