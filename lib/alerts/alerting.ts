/**
 * The alerts of one cluster: the lifecycle (engine.ts), its webhooks (notify.ts) and, when there
 * is a store (state.ts), their state kept across restarts.
 *
 * The order of one step is what makes a restart safe: the engine decides, the notifier plans the
 * deliveries, the transitions and the deliveries are saved in one write, and only once that write
 * has answered is anything sent; each delivery is marked when its receiver has answered. The
 * engine in memory is what every cycle reads; the store is written behind it, one change at a time
 * and in order, so a slow store delays webhooks, never a cycle. A dashboard killed in between
 * sends again, after its restart, exactly the deliveries that were decided and never marked —
 * at least once, never "not at all", and twice only for one whose answer the crash cut off.
 */
import type { WebhookConfig } from "./config";
import { AlertEngine, type AlertReader, type AlertRecord, type AlertTransition } from "./engine";
import { DEFAULT_NOTIFIER_OPTIONS, WebhookNotifier, type DeliveryOutcome, type NotifierOptions, type WebhookDelivery } from "./notify";
import type { Finding } from "./rules";
import type { AlertStateChange, AlertStateStore, LoadedAlertState } from "./state";

interface AlertActionBase {
  cluster: string;
  alertId: string;
  rule: AlertRecord["rule"];
  severity: AlertRecord["severity"];
  subjectLabel: string;
  /** Who: the user's name, or "api token". */
  by: string;
  note: string;
  at: string;
}

/** An operator acknowledged or silenced an alert (for an audit log to subscribe to). */
export type AlertAction = (AlertActionBase & { kind: "acknowledge" }) | (AlertActionBase & { kind: "silence"; until: string });

export type AlertActionListener = (action: AlertAction) => void;

export interface AlertingSettings {
  cluster: string;
  holdMs: number;
  /** How many resolved alerts and transitions to keep in memory (and to load at start). */
  historyLimit: number;
  webhooks: WebhookConfig[];
  publicUrl: string | null;
  /** Where the state is kept, with what it held at start (loadAlertState); null: in memory only, forgotten at a restart. */
  store: LoadedAlertState | null;
  warn: (message: string) => void;
  notifier?: NotifierOptions;
  now?: () => number;
}

/** Changes that could not be saved wait for the next try, up to this many (the oldest go first). */
const UNSAVED_LIMIT = 1000;
/** A failing store is reported once a minute, not at every change. */
const WARN_EVERY_MS = 60_000;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Alerting {
  private readonly engine: AlertEngine;
  private readonly notifier: WebhookNotifier;
  private store: AlertStateStore | null;
  private readonly now: () => number;
  private readonly unsaved: AlertStateChange[] = [];
  /** Deliveries waiting for the save of the change that decided them to be tried. */
  private readonly unsent: WebhookDelivery[] = [];
  /** The write-through in progress, if any; `saveAgain` when changes came while it ran. */
  private saving: Promise<void> | null = null;
  private saveAgain = false;
  /** Deliveries the previous run decided and never saw answered: sent at `start`. */
  private readonly resend: WebhookDelivery[] = [];
  private readonly actionListeners = new Set<AlertActionListener>();
  private lastWarnAt = -Infinity;

  constructor(private readonly settings: AlertingSettings) {
    this.now = settings.now ?? Date.now;
    this.engine = new AlertEngine({ holdMs: settings.holdMs, historyLimit: settings.historyLimit });
    this.notifier = new WebhookNotifier(
      settings.webhooks,
      settings.cluster,
      settings.publicUrl,
      settings.notifier ?? DEFAULT_NOTIFIER_OPTIONS,
      undefined,
      undefined,
      (delivery, outcome) => this.delivered(delivery, outcome),
    );
    this.store = settings.store?.store ?? null;
    if (settings.store) this.restore(settings.store);
  }

  /** True when the state survives a restart. */
  get persistent(): boolean {
    return this.store !== null;
  }

  /** The lifecycle, to read. */
  get alerts(): AlertReader {
    return this.engine;
  }

  /** Sends what the previous run decided and never saw answered. */
  start(): void {
    this.notifier.send(this.resend.splice(0));
  }

  stop(): void {
    this.notifier.stop();
  }

  /** Applies one evaluation's findings; returns the transitions it caused. */
  evaluate(findings: Finding[], nowMs: number): AlertTransition[] {
    const transitions = this.engine.update(findings, nowMs);
    this.commit(this.notifier.plan(transitions, (id) => this.engine.find(id)));
    return transitions;
  }

  acknowledge(id: string, by: string, note: string, nowMs: number): AlertRecord | null {
    const record = this.engine.acknowledge(id, by, note, nowMs);
    if (!record) return null;
    this.commit([]);
    this.emit({ kind: "acknowledge", ...this.actionBase(record, by, note), at: record.acknowledged!.at });
    return record;
  }

  silence(id: string, by: string, note: string, untilMs: number, nowMs: number): AlertRecord | null {
    const record = this.engine.silence(id, by, note, untilMs, nowMs);
    if (!record) return null;
    this.commit([]);
    this.emit({ kind: "silence", ...this.actionBase(record, by, note), at: record.silenced!.at, until: record.silenced!.until });
    return record;
  }

  /**
   * The names of the nodes that active alerts are about, by URL. A restarted collector names them
   * so before they answer, or the alert of a node still down would turn into another one (keyed by
   * its URL) instead of continuing.
   */
  nodeNames(): Record<string, string> {
    const names: Record<string, string> = {};
    for (const a of [...this.engine.firing(), ...this.engine.pending()]) if (a.subject.kind === "node" && a.subject.url) names[a.subject.url] = a.subject.node;
    return names;
  }

  subscribeActions(listener: AlertActionListener): () => void {
    this.actionListeners.add(listener);
    return () => this.actionListeners.delete(listener);
  }

  /** Changes the store has not taken yet (it failed; they are tried again with the next change). */
  unsavedChanges(): number {
    return this.unsaved.length;
  }

  /** Resolves once every change made so far has been tried in the store (and its deliveries handed to the notifier). */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private restore(loaded: LoadedAlertState): void {
    if ("error" in loaded) {
      // Saving over a state that could not be read would mix two runs: this run keeps its own in memory.
      this.store = null;
      this.settings.warn(`could not read the saved alert state (${errorText(loaded.error)}); alerts are kept in memory only until the next start`);
      return;
    }
    this.engine.restore(loaded.saved, this.now());
    this.notifier.restoreAnnounced(loaded.saved.announced);
    this.resend.push(...loaded.saved.undelivered);
    this.commit([]);
  }

  /** Saves what the engine changed with the deliveries it calls for, then sends them. */
  private commit(deliveries: WebhookDelivery[]): void {
    const change: AlertStateChange = { ...this.engine.takeChanges(), deliveries };
    const empty = !change.saved.length && !change.dropped.length && !change.transitions.length && !deliveries.length;
    if (!this.store) {
      this.notifier.send(deliveries);
      return;
    }
    if (!empty) {
      this.unsaved.push(change);
      if (this.unsaved.length > UNSAVED_LIMIT) this.unsaved.shift();
      this.unsent.push(...deliveries);
    } else if (this.unsaved.length === 0) return;
    // Changes the store refused wait for this one, or, every cycle, for the store to be back.
    this.saveAll(this.store);
  }

  /** Writes the waiting changes in order, one write at a time; then sends the deliveries they decided. */
  private saveAll(store: AlertStateStore): void {
    if (this.saving) {
      this.saveAgain = true;
      return;
    }
    this.saving = this.saveWaiting(store).finally(() => {
      this.saving = null;
      // A change that came after the last pass looked.
      if (this.saveAgain) this.saveAll(store);
    });
  }

  private async saveWaiting(store: AlertStateStore): Promise<void> {
    do {
      this.saveAgain = false;
      const sending = this.unsent.splice(0);
      try {
        while (this.unsaved.length > 0) {
          await store.save(this.unsaved[0]);
          this.unsaved.shift();
        }
      } catch (err) {
        this.warnThrottled(`could not save the alert state (${errorText(err)}); ${this.unsaved.length} change(s) wait for the next try`);
        // The next evaluation tries again; what came meanwhile is sent now, as this pass's.
        this.saveAgain = false;
        sending.push(...this.unsent.splice(0));
      }
      // Sent even when the change could not be saved: a page that may come twice beats one that never comes.
      this.notifier.send(sending);
    } while (this.saveAgain);
  }

  private delivered(delivery: WebhookDelivery, outcome: DeliveryOutcome): void {
    if (!this.store) return;
    // Unmarked, it is sent once more after a restart: the at-least-once side of the contract.
    const unmarked = (err: unknown) => this.warnThrottled(`could not mark a webhook delivery as ${outcome} (${errorText(err)})`);
    try {
      this.store.delivered(delivery, outcome, this.now()).catch(unmarked);
    } catch (err) {
      unmarked(err);
    }
  }

  private actionBase(record: AlertRecord, by: string, note: string) {
    return { cluster: this.settings.cluster, alertId: record.id, rule: record.rule, severity: record.severity, subjectLabel: record.subjectLabel, by, note };
  }

  private emit(action: AlertAction): void {
    for (const listener of this.actionListeners) {
      try {
        listener(action);
      } catch (err) {
        this.settings.warn(`an alert action subscriber failed: ${errorText(err)}`);
      }
    }
  }

  private warnThrottled(message: string): void {
    const now = this.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    this.settings.warn(message);
  }
}
