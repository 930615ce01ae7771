/**
 * Webhook notifications for alerts that fire and resolve. Each webhook has its own queue, sent one
 * at a time with retries and exponential backoff; `notify` only enqueues, so a slow or dead
 * receiver never delays the collector. Payloads: a generic JSON body, Slack-compatible `{text}`,
 * or Alertmanager's `POST /api/v2/alerts` list.
 */
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

interface Notification {
  status: "firing" | "resolved";
  alert: AlertRecord;
  at: string;
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
  private readonly queue: Notification[] = [];
  private busy = false;
  private stopped = false;

  constructor(
    private readonly hook: WebhookConfig,
    private readonly cluster: string,
    private readonly dashboardUrl: string | null,
    private readonly options: NotifierOptions,
    private readonly send: Send,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.stats = { url: webhookLabel(hook.url), sent: 0, failed: 0, dropped: 0, queued: 0, lastError: null };
  }

  push(n: Notification): void {
    this.queue.push(n);
    if (this.queue.length > this.options.queueLimit) {
      this.queue.shift();
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
      const n = this.queue[0];
      const delivered = await this.deliver(n);
      this.queue.shift();
      this.stats.queued = this.queue.length;
      if (delivered) this.stats.sent += 1;
      else this.stats.failed += 1;
    }
    this.busy = false;
  }

  private async deliver(n: Notification): Promise<boolean> {
    const body = JSON.stringify(payload(this.hook.format, this.cluster, n, this.dashboardUrl));
    for (let attempt = 1; attempt <= this.options.maxAttempts && !this.stopped; attempt++) {
      try {
        const res = await this.send(this.hook.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...this.hook.headers },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        if (res.ok) return true;
        this.stats.lastError = `HTTP ${res.status}`;
        if (res.status >= 400 && res.status < 500 && res.status !== 429) return false; // the receiver will not change its mind
      } catch (err) {
        this.stats.lastError = withoutUrl((err as Error).message, this.hook.url);
      }
      if (attempt < this.options.maxAttempts) await this.sleep(Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1)));
    }
    console.warn(`[alerts] webhook ${webhookLabel(this.hook.url)} failed after ${this.options.maxAttempts} attempts: ${this.stats.lastError}`);
    return false;
  }
}

export class WebhookNotifier {
  private readonly queues: WebhookQueue[];

  constructor(
    hooks: WebhookConfig[],
    cluster: string,
    dashboardUrl: string | null,
    options: NotifierOptions = DEFAULT_NOTIFIER_OPTIONS,
    send: Send = (url, init) => fetch(url, init),
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.queues = hooks.map((hook) => new WebhookQueue(hook, cluster, dashboardUrl, options, send, sleep));
  }

  /** Enqueues a notification for every alert that fired or resolved; returns at once. */
  notify(transitions: AlertTransition[], lookup: (id: string, state: "firing" | "resolved") => AlertRecord | undefined): void {
    for (const t of transitions) {
      if (t.to !== "firing" && t.to !== "resolved") continue;
      const alert = lookup(t.id, t.to);
      if (!alert) continue;
      // Copy: the record keeps changing while the notification waits in the queue.
      for (const q of this.queues) q.push({ status: t.to, alert: { ...alert }, at: t.at });
    }
  }

  stats(): WebhookStats[] {
    return this.queues.map((q) => ({ ...q.stats }));
  }

  stop(): void {
    for (const q of this.queues) q.stop();
  }
}
