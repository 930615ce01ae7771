/**
 * Webhook notifications for alerts that fire, escalate and resolve. Each webhook has its own queue,
 * sent one at a time with retries and exponential backoff; sending only enqueues, so a slow or dead
 * receiver never delays the collector. Payloads: a generic JSON body, Slack-compatible `{text}`,
 * or Alertmanager's `POST /api/v2/alerts` list.
 *
 * Planning and sending are two steps so that a caller can record what it decided before anything
 * leaves (see alerting.ts): each delivery has a key (alert, transition, time) that a restarted
 * dashboard uses to send again only what was never confirmed, and that receivers get as the
 * `Idempotency-Key` header.
 */
import { createHash } from "node:crypto";
import type { WebhookConfig, WebhookFormat } from "./config";
import type { AlertRecord, AlertTransition } from "./engine";

export interface NotifierOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** Oldest notifications are dropped (and counted) beyond this many waiting per webhook. */
  queueLimit: number;
}

export const DEFAULT_NOTIFIER_OPTIONS: NotifierOptions = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 5000, queueLimit: 500 };

export interface WebhookStats {
  url: string;
  sent: number;
  failed: number;
  dropped: number;
  queued: number;
  lastError: string | null;
}

/**
 * A webhook as the log may name it: scheme and host only. Its URL is often the secret itself (a
 * Slack or Teams webhook's path is its key) or carries a user and password.
 */
export function webhookLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "(a webhook)";
  }
}

/** An error's message with the webhook's URL (as given and as parsed) replaced by its label. */
function withoutUrl(message: string, url: string): string {
  let parsed = url;
  try {
    parsed = new URL(url).href;
  } catch {
    // not a URL: only the text as given can appear
  }
  return message.split(url).join(webhookLabel(url)).split(parsed).join(webhookLabel(url));
}

export interface Notification {
  status: "firing" | "resolved";
  alert: AlertRecord;
  at: string;
}

/** One notification for one webhook. */
export interface WebhookDelivery {
  /** The transition it announces: alert id, transition and its time. The same for every webhook. */
  key: string;
  /** Which webhook: a digest of its format and URL (a URL may carry a secret, so it is not kept). */
  hook: string;
  notification: Notification;
}

/** How a delivery ended: its receiver accepted it, refused it or never answered, or it was dropped unsent. */
export type DeliveryOutcome = "sent" | "failed" | "dropped";

export function hookId(hook: Pick<WebhookConfig, "url" | "format">): string {
  return createHash("sha256").update(`${hook.format} ${hook.url}`).digest("hex").slice(0, 16);
}

/** The Idempotency-Key header of a delivery: opaque and header-safe, whatever characters the alert id has. */
export function idempotencyKey(cluster: string, key: string): string {
  return createHash("sha256").update(`${cluster}\u0000${key}`).digest("hex").slice(0, 32);
}

type Send = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ ok: boolean; status: number }>;

const SEVERITY_ICON = { critical: ":red_circle:", warning: ":warning:" } as const;

export function payload(format: WebhookFormat, cluster: string, n: Notification, dashboardUrl: string | null): unknown {
  const a = n.alert;
  if (format === "slack") {
    const icon = n.status === "resolved" ? ":white_check_mark:" : SEVERITY_ICON[a.severity];
    const state = n.status === "resolved" ? `RESOLVED after ${Math.round((a.firedMs ?? 0) / 1000)} s` : a.severity.toUpperCase();
    return { text: `${icon} [${state}] ${cluster} · ${a.subjectLabel}: ${a.message}${dashboardUrl ? ` <${dashboardUrl}/alerts|open>` : ""}` };
  }
  if (format === "alertmanager") {
    return [
      {
        labels: { alertname: a.rule, severity: a.severity, cluster, subject: a.subjectLabel, source: "jetstream-watch" },
        annotations: { summary: a.message, ...(a.threshold !== null ? { threshold: String(a.threshold) } : {}) },
        startsAt: a.firingSince ?? a.pendingSince,
        ...(n.status === "resolved" ? { endsAt: a.resolvedAt } : {}),
        ...(dashboardUrl ? { generatorURL: `${dashboardUrl}/alerts` } : {}),
      },
    ];
  }
  return {
    source: "jetstream-watch",
    cluster,
    status: n.status,
    at: n.at,
    alert: {
      id: a.id,
      rule: a.rule,
      severity: a.severity,
      subject: a.subject,
      subjectLabel: a.subjectLabel,
      message: a.message,
      value: a.value,
      threshold: a.threshold,
      firingSince: a.firingSince,
      resolvedAt: a.resolvedAt,
      firedMs: a.firedMs,
    },
  };
}

class WebhookQueue {
  readonly stats: WebhookStats;
  readonly id: string;
  private readonly queue: WebhookDelivery[] = [];
  private busy = false;
  private stopped = false;

  constructor(
    private readonly hook: WebhookConfig,
    private readonly cluster: string,
    private readonly dashboardUrl: string | null,
    private readonly options: NotifierOptions,
    private readonly send: Send,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly done: (delivery: WebhookDelivery, outcome: DeliveryOutcome) => void,
  ) {
    this.id = hookId(hook);
    this.stats = { url: webhookLabel(hook.url), sent: 0, failed: 0, dropped: 0, queued: 0, lastError: null };
  }

  push(d: WebhookDelivery): void {
    this.queue.push(d);
    if (this.queue.length > this.options.queueLimit) {
      this.done(this.queue.shift()!, "dropped");
      this.stats.dropped += 1;
    }
    this.stats.queued = this.queue.length;
    if (!this.busy) void this.pump();
  }

  stop(): void {
    this.stopped = true;
  }

  private async pump(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0 && !this.stopped) {
      const d = this.queue[0];
      const outcome = await this.deliver(d);
      // Stopped mid-way: neither sent nor given up, so a restarted dashboard sends it again.
      if (outcome === "stopped") break;
      this.queue.shift();
      this.stats.queued = this.queue.length;
      if (outcome === "sent") this.stats.sent += 1;
      else this.stats.failed += 1;
      this.done(d, outcome);
    }
    this.busy = false;
  }

  private async deliver(d: WebhookDelivery): Promise<"sent" | "failed" | "stopped"> {
    const body = JSON.stringify(payload(this.hook.format, this.cluster, d.notification, this.dashboardUrl));
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      if (this.stopped) return "stopped";
      try {
        const res = await this.send(this.hook.url, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": idempotencyKey(this.cluster, d.key), ...this.hook.headers },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        if (res.ok) return "sent";
        this.stats.lastError = `HTTP ${res.status}`;
        if (res.status >= 400 && res.status < 500 && res.status !== 429) return "failed"; // the receiver will not change its mind
      } catch (err) {
        this.stats.lastError = withoutUrl((err as Error).message, this.hook.url);
      }
      if (attempt < this.options.maxAttempts) await this.sleep(Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1)));
    }
    if (this.stopped) return "stopped";
    console.warn(`[alerts] webhook ${webhookLabel(this.hook.url)} failed after ${this.options.maxAttempts} attempts: ${this.stats.lastError}`);
    return "failed";
  }
}

export class WebhookNotifier {
  private readonly queues = new Map<string, WebhookQueue>();
  /** Per firing alert, the webhooks that were told it fires: only they hear that it resolved. */
  private readonly announced = new Map<string, Set<string>>();

  constructor(
    hooks: WebhookConfig[],
    cluster: string,
    dashboardUrl: string | null,
    options: NotifierOptions = DEFAULT_NOTIFIER_OPTIONS,
    send: Send = (url, init) => fetch(url, init),
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    /** Told how each delivery ended (not when the notifier is stopped before it did). */
    private readonly done: (delivery: WebhookDelivery, outcome: DeliveryOutcome) => void = () => {},
  ) {
    for (const hook of hooks) {
      const queue = new WebhookQueue(hook, cluster, dashboardUrl, options, send, sleep, done);
      this.queues.set(queue.id, queue);
    }
  }

  /** After a restart: which webhooks were told that the still-firing alerts fire. */
  restoreAnnounced(announced: { alertId: string; hook: string }[]): void {
    for (const { alertId, hook } of announced) this.announced.set(alertId, (this.announced.get(alertId) ?? new Set()).add(hook));
  }

  /**
   * The deliveries these transitions call for: a firing or an escalation to every webhook, a
   * resolution to the webhooks that heard the alert fire. Nothing is sent yet.
   */
  plan(transitions: AlertTransition[], lookup: (id: string) => AlertRecord | undefined): WebhookDelivery[] {
    const out: WebhookDelivery[] = [];
    for (const t of transitions) {
      if (t.to !== "firing" && t.to !== "escalated" && t.to !== "resolved") continue;
      const alert = lookup(t.id);
      if (!alert) continue;
      let hooks: string[];
      if (t.to === "resolved") {
        hooks = [...(this.announced.get(t.id) ?? [])];
        this.announced.delete(t.id);
      } else {
        hooks = [...this.queues.keys()];
        this.announced.set(t.id, new Set([...(this.announced.get(t.id) ?? []), ...hooks]));
      }
      const key = `${t.id}:${t.to}:${t.at}`;
      // A copy: the record keeps changing while the notification waits in the queue.
      const notification: Notification = { status: t.to === "resolved" ? "resolved" : "firing", alert: { ...alert }, at: t.at };
      for (const hook of hooks) out.push({ key, hook, notification });
    }
    return out;
  }

  /** Enqueues the deliveries and returns at once; one for a webhook no longer configured is dropped. */
  send(deliveries: WebhookDelivery[]): void {
    for (const d of deliveries) {
      const queue = this.queues.get(d.hook);
      if (queue) queue.push(d);
      else this.done(d, "dropped");
    }
  }

  /** Plans and sends at once, for a caller that keeps no record of its deliveries. */
  notify(transitions: AlertTransition[], lookup: (id: string) => AlertRecord | undefined): void {
    this.send(this.plan(transitions, lookup));
  }

  stats(): WebhookStats[] {
    return [...this.queues.values()].map((q) => ({ ...q.stats }));
  }

  stop(): void {
    for (const q of this.queues.values()) q.stop();
  }
}
