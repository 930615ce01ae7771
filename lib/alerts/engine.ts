/**
 * Alert lifecycle: a finding becomes `pending`, turns `firing` only after it has held for the
 * configured time (so one bad poll does not page anyone), and `resolved` when it is gone, with how
 * long it fired. Operators can acknowledge a firing alert or silence it for a while, with a note.
 * Every transition is kept (bounded) for the alerts page; what changed since the last look is
 * handed out (`takeChanges`) to be stored, and a restarted dashboard continues from what was
 * stored (`restore`). Pure apart from the clock values passed in.
 */
import type { AlertView } from "../model/types";
import type { AlertSubject, Finding, RuleId } from "./rules";

export type AlertState = "pending" | "firing" | "resolved";

export interface OperatorNote {
  by: string;
  at: string;
  note: string;
}

export interface AlertRecord {
  id: string;
  rule: RuleId;
  severity: Finding["severity"];
  subject: AlertSubject;
  subjectLabel: string;
  message: string;
  value: number | null;
  threshold: number | null;
  state: AlertState;
  pendingSince: string;
  firingSince: string | null;
  resolvedAt: string | null;
  /** How long it fired, once resolved. */
  firedMs: number | null;
  acknowledged: OperatorNote | null;
  silenced: (OperatorNote & { until: string }) | null;
}

export interface AlertTransition {
  at: string;
  id: string;
  rule: RuleId;
  severity: Finding["severity"];
  subjectLabel: string;
  from: AlertState | null;
  /** `restored`: still active when the dashboard restarted, and carried over (see `restore`). */
  to: AlertState | "acknowledged" | "silenced" | "escalated" | "restored";
  message: string;
}

/** What changed since the last `takeChanges`, for a store to keep. */
export interface AlertChanges {
  /** Records that are new or changed state, severity, acknowledgement or silence; resolved ones included. */
  saved: AlertRecord[];
  /** Pending alerts that went away before they fired: they never alerted anyone and are forgotten. */
  dropped: string[];
  transitions: AlertTransition[];
}

/** What a previous run of the dashboard left, oldest first. */
export interface RestoredAlerts {
  /** Pending and firing alerts. */
  active: AlertRecord[];
  resolved: AlertRecord[];
  transitions: AlertTransition[];
}

/** What the pages and the API read of the lifecycle; changes go through the collector, which stores them. */
export type AlertReader = Pick<AlertEngine, "firing" | "pending" | "history" | "log" | "firingViews">;

export interface EngineOptions {
  /** How long a finding must hold before it fires. */
  holdMs: number;
  /** How many resolved alerts and transitions to keep. */
  historyLimit: number;
}

export function alertView(r: AlertRecord): AlertView {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    subject: r.subjectLabel,
    message: r.message,
    since: r.firingSince ?? r.pendingSince,
    acknowledged: r.acknowledged,
    silencedUntil: r.silenced?.until ?? null,
  };
}

export class AlertEngine {
  private readonly active = new Map<string, AlertRecord>();
  private readonly resolved: AlertRecord[] = [];
  private readonly transitions: AlertTransition[] = [];
  private readonly touched = new Set<AlertRecord>();
  private readonly dropped: string[] = [];
  private readonly untaken: AlertTransition[] = [];
  /** Pending alerts carried over a restart: their hold starts again when a poll sees them. */
  private readonly holdRestarts = new Set<string>();

  constructor(private readonly options: EngineOptions) {}

  /**
   * Continues from a previous run, before the first `update`. Firing alerts keep their firingSince,
   * acknowledgement and silence (one that ended while the dashboard was down is lifted), and resolve
   * at the first update that no longer finds them. A pending alert keeps its silence but not its
   * hold: nobody watched it while the dashboard was down, so it must hold again for the full time
   * from the first poll that sees it — otherwise a single poll after a long restart would page.
   */
  restore(saved: RestoredAlerts, nowMs: number): void {
    const at = new Date(nowMs).toISOString();
    for (const r of saved.active) {
      const record: AlertRecord = { ...r };
      this.active.set(record.id, record);
      if (record.silenced && Date.parse(record.silenced.until) <= nowMs) {
        record.silenced = null;
        this.touched.add(record);
      }
      if (record.state === "pending") this.holdRestarts.add(record.id);
    }
    this.resolved.push(...saved.resolved.slice(-this.options.historyLimit));
    this.transitions.push(...saved.transitions.slice(-this.options.historyLimit));
    for (const record of this.active.values()) if (record.state === "firing") this.transition(record, at, "firing", "restored");
  }

  /** Applies one evaluation's findings; returns the transitions it caused (for notifications). */
  update(findings: Finding[], nowMs: number): AlertTransition[] {
    const at = new Date(nowMs).toISOString();
    const out: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      seen.add(f.key);
      let record = this.active.get(f.key);
      if (!record) {
        record = {
          id: f.key,
          rule: f.rule,
          severity: f.severity,
          subject: f.subject,
          subjectLabel: f.subjectLabel,
          message: f.message,
          value: f.value,
          threshold: f.threshold,
          state: "pending",
          pendingSince: at,
          firingSince: null,
          resolvedAt: null,
          firedMs: null,
          acknowledged: null,
          silenced: null,
        };
        this.active.set(f.key, record);
        this.touched.add(record);
        out.push(this.transition(record, at, null, "pending"));
      } else if (this.holdRestarts.has(f.key)) {
        record.pendingSince = at;
        this.touched.add(record);
      }
      const escalated = record.state === "firing" && record.severity === "warning" && f.severity === "critical";
      Object.assign(record, { severity: f.severity, message: f.message, value: f.value, threshold: f.threshold, subjectLabel: f.subjectLabel });
      if (escalated) {
        // A new, worse situation: an earlier acknowledgement does not cover it.
        record.acknowledged = null;
        this.touched.add(record);
        out.push(this.transition(record, at, "firing", "escalated"));
      }
      if (record.state === "pending" && nowMs - Date.parse(record.pendingSince) >= this.options.holdMs) {
        record.state = "firing";
        record.firingSince = at;
        this.touched.add(record);
        out.push(this.transition(record, at, "pending", "firing"));
      }
      if (record.silenced && Date.parse(record.silenced.until) <= nowMs) {
        record.silenced = null;
        this.touched.add(record);
      }
    }
    this.holdRestarts.clear();
    for (const [key, record] of this.active) {
      if (seen.has(key)) continue;
      this.active.delete(key);
      if (record.state !== "firing") {
        // A pending finding that went away never alerted anyone.
        this.touched.delete(record);
        this.dropped.push(key);
        continue;
      }
      record.state = "resolved";
      record.resolvedAt = at;
      record.firedMs = nowMs - Date.parse(record.firingSince!);
      this.resolved.push(record);
      if (this.resolved.length > this.options.historyLimit) this.resolved.shift();
      this.touched.add(record);
      out.push(this.transition(record, at, "firing", "resolved"));
    }
    return out;
  }

  acknowledge(id: string, by: string, note: string, nowMs: number): AlertRecord | null {
    const record = this.active.get(id);
    if (!record || record.state !== "firing") return null;
    record.acknowledged = { by, at: new Date(nowMs).toISOString(), note };
    this.touched.add(record);
    this.transition(record, record.acknowledged.at, "firing", "acknowledged", note ? `${by}: ${note}` : by);
    return record;
  }

  silence(id: string, by: string, note: string, untilMs: number, nowMs: number): AlertRecord | null {
    const record = this.active.get(id);
    if (!record) return null;
    record.silenced = { by, at: new Date(nowMs).toISOString(), note, until: new Date(untilMs).toISOString() };
    this.touched.add(record);
    this.transition(record, record.silenced.at, record.state, "silenced", `${by} until ${record.silenced.until}${note ? `: ${note}` : ""}`);
    return record;
  }

  /** The alert as it is now: active, else its latest resolved record. */
  find(id: string): AlertRecord | undefined {
    return this.active.get(id) ?? this.resolved.findLast((r) => r.id === id);
  }

  /** What changed since the previous call: copies, so they can wait for a store that is failing. */
  takeChanges(): AlertChanges {
    const changes = { saved: [...this.touched].map((r) => ({ ...r })), dropped: this.dropped.splice(0), transitions: this.untaken.splice(0) };
    this.touched.clear();
    return changes;
  }

  /** Firing alerts, critical first, then oldest first. */
  firing(): AlertRecord[] {
    return [...this.active.values()]
      .filter((r) => r.state === "firing")
      .sort((a, b) => (a.severity === b.severity ? a.firingSince!.localeCompare(b.firingSince!) : a.severity === "critical" ? -1 : 1));
  }

  /** The firing alerts as a snapshot carries them. */
  firingViews(): AlertView[] {
    return this.firing().map(alertView);
  }

  pending(): AlertRecord[] {
    return [...this.active.values()].filter((r) => r.state === "pending");
  }

  /** Resolved alerts, newest first. */
  history(): AlertRecord[] {
    return [...this.resolved].reverse();
  }

  /** Every transition, newest first. */
  log(): AlertTransition[] {
    return [...this.transitions].reverse();
  }

  private transition(record: AlertRecord, at: string, from: AlertTransition["from"], to: AlertTransition["to"], message = record.message): AlertTransition {
    const t: AlertTransition = { at, id: record.id, rule: record.rule, severity: record.severity, subjectLabel: record.subjectLabel, from, to, message };
    this.transitions.push(t);
    if (this.transitions.length > this.options.historyLimit) this.transitions.shift();
    this.untaken.push(t);
    return t;
  }
}
