/**
 * Webhooks against a real local HTTP receiver: delivery of firing and resolved, retries with
 * backoff after failures, and no blocking of the caller.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { WebhookReceiver } from "./__fixtures__/webhook-receiver";
import { AlertEngine } from "./engine";
import { payload, WebhookNotifier } from "./notify";
import type { Finding } from "./rules";

let receiver: WebhookReceiver;

before(async () => {
  receiver = await WebhookReceiver.start();
});

after(() => receiver.stop());

const finding: Finding = {
  key: "stream-limit:APP/FILL",
  rule: "stream-limit",
  severity: "critical",
  subject: { kind: "stream", account: "APP", stream: "FILL" },
  subjectLabel: "APP > FILL",
  message: "FILL holds 91 % of its 100 kB max_bytes (critical from 90 %)",
  value: 91,
  threshold: 90,
};

function firedAndResolved(engine: AlertEngine) {
  const fired = engine.update([finding], 1000);
  const resolved = engine.update([], 61_000);
  return [...fired, ...resolved];
}

test("firing and resolved reach every webhook, after retries, in order", async () => {
  receiver.clear();
  receiver.failuresLeft = 2;
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 10 });
  const notifier = new WebhookNotifier(
    [
      { url: `${receiver.base}/json`, format: "json" },
      { url: `${receiver.base}/slack`, format: "slack" },
    ],
    "prod",
    "https://jsw.example",
    { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 1000, queueLimit: 10 },
  );
  const lookup = (id: string) => engine.find(id);
  notifier.notify(engine.update([finding], 1000), lookup);
  notifier.notify(engine.update([], 61_000), lookup);
  assert.equal(receiver.received.length, 0, "notify only enqueues; delivery happens afterwards");
  // Delivered means the notifier saw the receiver's answer, which comes after the receiver logged the body.
  const deadline = Date.now() + 3000;
  while (notifier.stats().some((s) => s.sent < 2) && Date.now() < deadline) await sleep(20);
  const json = receiver.at("/json").map((r) => r.body as { status: string; cluster: string; alert: { firedMs: number | null } });
  assert.deepEqual(json.map((b) => b.status), ["firing", "resolved"]);
  assert.equal(json[1].alert.firedMs, 60_000);
  const slack = receiver.at("/slack").map((r) => (r.body as { text: string }).text);
  assert.match(slack[0], /^:red_circle: \[CRITICAL\] prod · APP > FILL: FILL holds 91 %/);
  assert.match(slack[1], /^:white_check_mark: \[RESOLVED after 60 s\]/);
  const stats = notifier.stats();
  assert.deepEqual(stats.map((s) => [s.sent, s.failed]), [[2, 0], [2, 0]]);
});

test("a receiver that keeps failing is given up after the attempts, and counted", async () => {
  receiver.failuresLeft = 100;
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 10 });
  const notifier = new WebhookNotifier([{ url: `${receiver.base}/down`, format: "json" }], "prod", null, {
    maxAttempts: 3,
    baseDelayMs: 5,
    maxDelayMs: 10,
    timeoutMs: 500,
    queueLimit: 10,
  });
  notifier.notify(engine.update([finding], 0), () => engine.firing()[0]);
  const deadline = Date.now() + 2000;
  while (notifier.stats()[0].failed === 0 && Date.now() < deadline) await sleep(10);
  assert.deepEqual(
    [notifier.stats()[0].failed, notifier.stats()[0].lastError],
    [1, "HTTP 503"],
  );
  receiver.failuresLeft = 0;
});

test("a failing webhook's URL (often the secret itself) and its credentials stay out of the log and the stats", async () => {
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 10 });
  const secretUrls = [`${receiver.base.replace("http://", "http://hook:s3cret-pass@")}/down`, `http://127.0.0.1:1/services/T000/B000/s3cret-key`];
  const notifier = new WebhookNotifier(
    secretUrls.map((url) => ({ url, format: "json" as const })),
    "prod",
    null,
    { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 500, queueLimit: 10 },
  );
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    notifier.notify(engine.update([finding], 0), () => engine.firing()[0]);
    const deadline = Date.now() + 3000;
    while (notifier.stats().some((s) => s.failed === 0) && Date.now() < deadline) await sleep(10);
  } finally {
    console.warn = warn;
  }
  const stats = notifier.stats();
  assert.deepEqual(stats.map((s) => s.failed), [1, 1]);
  assert.equal(warnings.length, 2);
  assert.deepEqual(stats.map((s) => s.url), [`${receiver.base}/…`, "http://127.0.0.1:1/…"]);
  const seen = JSON.stringify([warnings, stats]);
  assert.ok(!seen.includes("s3cret"), seen);
});

test("Alertmanager payload: a list with labels, annotations and start/end", () => {
  const engine = new AlertEngine({ holdMs: 0, historyLimit: 10 });
  firedAndResolved(engine);
  const [alert] = payload("alertmanager", "prod", { status: "resolved", alert: engine.history()[0], at: "x" }, null) as {
    labels: Record<string, string>;
    startsAt: string;
    endsAt: string;
  }[];
  assert.deepEqual(alert.labels, { alertname: "stream-limit", severity: "critical", cluster: "prod", subject: "APP > FILL", source: "jetstream-watch" });
  assert.equal(alert.startsAt, new Date(1000).toISOString());
  assert.equal(alert.endsAt, new Date(61_000).toISOString());
});
