"use client";

import { useCallback, useEffect, useState } from "react";
import { RequireRole } from "@/components/auth/role-context";
import { useClusterStream, useNow } from "@/components/hooks/use-cluster-stream";
import { LiveSection } from "@/components/page/live-section";
import { PageHeading } from "@/components/page/page-heading";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { SeverityBadge } from "@/components/ui/severity-badge";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { AlertRecord, AlertTransition } from "@/lib/alerts/engine";
import { formatDurationMs } from "@/lib/format";
import type { ClusterSnapshot } from "@/lib/model/types";

export interface AlertLists {
  firing: AlertRecord[];
  pending: AlertRecord[];
  resolved: AlertRecord[];
  transitions: AlertTransition[];
}

const PENDING_REFRESH_MS = 10_000;

/** What came of an action: nothing to say, a notice (taken, with a caveat) or an error (not taken). */
type ActionOutcome = { kind: "notice" | "error"; message: string } | null;

async function post(cluster: string, action: "ack" | "silence", body: object): Promise<ActionOutcome> {
  const res = await fetch(`/api/v1/alerts/${action}?cluster=${encodeURIComponent(cluster)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // 202: taken, but the store could not keep it yet; the answer says so. Not an error: it was taken.
  if (res.status === 202)
    return { kind: "notice", message: ((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? "taken, but not saved yet" };
  if (res.ok) return null;
  const error = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { kind: "error", message: error?.error?.message ?? `HTTP ${res.status}` };
}

function FiringAlert({ alert, cluster, now, onChanged }: { alert: AlertRecord; cluster: string; now: number; onChanged: () => void }) {
  const [note, setNote] = useState("");
  const [outcome, setOutcome] = useState<ActionOutcome>(null);
  const act = async (action: "ack" | "silence") => {
    setOutcome(await post(cluster, action, action === "ack" ? { id: alert.id, note } : { id: alert.id, note, minutes: 60 }));
    onChanged();
  };
  return (
    <li data-testid="firing-alert" data-rule={alert.rule} data-severity={alert.severity} data-acknowledged={alert.acknowledged !== null} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={alert.severity} />
        <span className="font-semibold">{alert.subjectLabel}</span>
        <span className="text-sm text-slate-500">
          firing for {formatDurationMs(now - Date.parse(alert.firingSince ?? alert.pendingSince))} · {alert.rule}
        </span>
      </div>
      <p className="mt-1">{alert.message}</p>
      {alert.acknowledged && (
        <p className="mt-1 text-sm text-slate-600" data-testid="acknowledged-by">
          Acknowledged by {alert.acknowledged.by}
          {alert.acknowledged.note ? `: “${alert.acknowledged.note}”` : ""}
        </p>
      )}
      {alert.silenced && (
        <p className="mt-1 text-sm text-slate-600">
          Silenced by {alert.silenced.by} until {new Date(alert.silenced.until).toLocaleTimeString("en-GB", { hour12: false })}
          {alert.silenced.note ? `: “${alert.silenced.note}”` : ""}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
        <RequireRole needed="operator" what="Acknowledging or silencing">
          <input
            aria-label={`Note for ${alert.subjectLabel}`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="Note (optional)"
            className="w-64 rounded border border-slate-300 px-2 py-1"
          />
          {!alert.acknowledged && (
            <Button variant="primary" onClick={() => void act("ack")}>
              Acknowledge
            </Button>
          )}
          {!alert.silenced && <Button onClick={() => void act("silence")}>Silence 1 h</Button>}
        </RequireRole>
        {outcome?.kind === "error" && (
          <span role="alert" className="text-red-700">
            {outcome.message}
          </span>
        )}
        {outcome?.kind === "notice" && (
          <span role="status" className="text-amber-800">
            {outcome.message}
          </span>
        )}
      </div>
    </li>
  );
}

export function AlertsClient({
  cluster,
  initial,
  initialLists,
  stateKept,
}: {
  cluster: string;
  initial: ClusterSnapshot | null;
  initialLists: AlertLists;
  /** False without a history store: what operators do here is forgotten at a restart. */
  stateKept: boolean;
}) {
  const live = useClusterStream({ cluster, initial });
  const now = useNow();
  const [lists, setLists] = useState(initialLists);
  const [severity, setSeverity] = useState<"all" | "critical" | "warning">("all");

  // Bumped after an acknowledgement or silence, to refetch at once.
  const [changes, setChanges] = useState(0);
  const refresh = useCallback(() => setChanges((n) => n + 1), []);
  // Refetch when the firing set or its acknowledgements change (the snapshot carries those), and
  // every few seconds for pending ones; not on every poll of every open alerts page.
  const firingKey = live.snapshot?.alerts.map((a) => `${a.id}:${a.severity}:${a.acknowledged?.at ?? ""}:${a.silencedUntil ?? ""}`).join("|");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), PENDING_REFRESH_MS);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    if (firingKey === undefined) return;
    let cancelled = false;
    fetch(`/api/v1/alerts?cluster=${encodeURIComponent(cluster)}&state=all`)
      .then((res) => (res.ok ? (res.json() as Promise<AlertLists>) : null))
      .then((next) => {
        if (next && !cancelled) setLists(next);
      })
      .catch(() => {
        // the live stream shows the page as stale when the server is unreachable
      });
    return () => {
      cancelled = true;
    };
  }, [firingKey, tick, cluster, changes]);

  const keep = (r: { severity: AlertRecord["severity"] }) => severity === "all" || r.severity === severity;
  const firing = lists.firing.filter(keep);
  const pending = lists.pending.filter(keep);
  const resolved = lists.resolved.filter(keep);
  return (
    <div className="space-y-6">
      <PageHeading title="Alerts" live={live}>
        <p className="text-sm text-slate-500">A finding fires once it has held for the configured time; it resolves when it is gone.</p>
      </PageHeading>
      {!stateKept && (
        <p role="note" data-testid="alert-state-in-memory" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          No history store keeps the alerts (it is off, or could not be opened or read), so they live in memory only: acknowledgements, silences
          and the resolved list will not survive a restart of the dashboard, and alerts still firing then are announced again.
        </p>
      )}
      <label className="flex items-center gap-2 text-sm">
        Severity
        <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)} className="rounded border border-slate-300 px-2 py-1">
          <option value="all">all</option>
          <option value="critical">critical</option>
          <option value="warning">warning</option>
        </select>
      </label>
      <LiveSection title={`Firing (${firing.length})`} label="Firing alerts" stale={live.stale}>
        {firing.length === 0 ? (
          <p className="rounded border border-slate-200 bg-white p-4 text-slate-600">Nothing is firing.</p>
        ) : (
          <ul className="space-y-3">
            {firing.map((a) => (
              <FiringAlert key={a.id} alert={a} cluster={cluster} now={now} onChanged={refresh} />
            ))}
          </ul>
        )}
      </LiveSection>
      {pending.length > 0 && (
        <LiveSection title="Pending" label="Pending alerts" stale={live.stale}>
          <ul className="space-y-1 text-sm">
            {pending.map((a) => (
              <li key={a.id} data-testid="pending-alert">
                <SeverityBadge severity={a.severity} /> {a.subjectLabel}: {a.message} <span className="text-slate-500">(since {formatDurationMs(now - Date.parse(a.pendingSince))})</span>
              </li>
            ))}
          </ul>
        </LiveSection>
      )}
      <Section title="Resolved" label="Resolved alerts">
        {resolved.length === 0 ? (
          <p className="text-sm text-slate-600">{stateKept ? "None yet." : "None since the dashboard started."}</p>
        ) : (
          <Table testId="resolved-alerts">
            <TableHead>
              <Th>Severity</Th>
              <Th>Subject</Th>
              <Th>Message</Th>
              <Th>Fired</Th>
              <Th align="right">For</Th>
            </TableHead>
            <tbody>
              {resolved.map((a) => (
                <Tr key={`${a.id}-${a.resolvedAt}`} data-testid="resolved-alert" data-rule={a.rule}>
                  <Td>
                    <SeverityBadge severity={a.severity} />
                  </Td>
                  <Td className="font-medium">{a.subjectLabel}</Td>
                  <Td>{a.message}</Td>
                  <Td className="whitespace-nowrap">{a.firingSince && new Date(a.firingSince).toLocaleString("en-GB", { hour12: false })}</Td>
                  <Td align="right">{formatDurationMs(a.firedMs)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
      <Section title="Log" label="Alert log">
        <ul className="space-y-0.5 text-sm text-slate-700">
          {lists.transitions.slice(0, 100).map((t, i) => (
            <li key={`${t.at}-${t.id}-${i}`}>
              <span className="tabular-nums text-slate-500">{new Date(t.at).toLocaleTimeString("en-GB", { hour12: false })}</span> {t.subjectLabel}: {t.from ?? "new"} → {t.to}{" "}
              <span className="text-slate-500">{t.message}</span>
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
