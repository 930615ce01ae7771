import { Section } from "@/components/ui/section";
import { formatBytes, formatDurationMs, formatExact, formatLatencyMs } from "@/lib/format";
import type { ReportLatency, ReportOutage, ReportTarget, TrialReport } from "@/lib/history/report";

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : "ongoing");
const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);
const rate = (v: number | null) => (v === null ? "—" : `${v < 10 ? v.toFixed(2) : formatExact(Math.round(v))} msgs/s`);
const percent = (v: number | null) => (v === null ? "—" : `${v.toFixed(v >= 99.9 && v < 100 ? 3 : 2)} %`);

/** A section with the definition of its figures; it keeps together on the printed page. */
function ReportSection({ title, definition, children }: { title: string; definition?: string; children: React.ReactNode }) {
  return (
    <Section title={title} description={definition} className="break-inside-avoid space-y-2">
      {children}
    </Section>
  );
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3 print:border-slate-400">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="text-2xl font-semibold tabular-nums">{value}</div>
      {detail && <div className="text-xs text-slate-500">{detail}</div>}
    </div>
  );
}

function Table({ head, rows, empty }: { head: string[]; rows: React.ReactNode[][]; empty: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <table className="w-full border-collapse text-sm">
      <thead>
        <tr className="border-b border-slate-300 text-left text-slate-500">
          {head.map((h) => (
            <th key={h} className="py-1 pr-3 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i} className="border-b border-slate-100">
            {cells.map((c, j) => (
              <td key={j} className="py-1 pr-3 tabular-nums">
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Verdict({ target }: { target: ReportTarget }) {
  if (target.pass === null) return <span className="text-slate-500">not measured</span>;
  return target.pass ? <span className="font-semibold text-ok">PASS</span> : <span className="font-semibold text-crit">FAIL</span>;
}

// Latency targets carry their sample count; they read in ms, the failover time in seconds.
const targetValue = (t: ReportTarget, v: number | null) =>
  v === null ? "—" : t.samples !== undefined ? formatLatencyMs(v) : t.unit === "ms" ? seconds(v) : t.unit === "msgs/s" ? rate(v) : formatExact(v);

const latencyRow = (label: string, f: ReportLatency | null) =>
  f
    ? [label, formatLatencyMs(f.p50Ms), formatLatencyMs(f.p99Ms), formatLatencyMs(f.maxMs), formatExact(f.count), formatExact(f.timeouts + f.errors), `${f.measuredPercent.toFixed(1)} %`]
    : [label, "—", "—", "—", "0", "0", "0 %"];

const outageRows = (list: ReportOutage[], withNode: boolean) =>
  list.map((o) => [
    ...(withNode ? [o.node] : []),
    utc(o.start),
    o.end ? `${utc(o.end)}${o.endObserved ? "" : " (end not observed)"}` : "ongoing",
    formatDurationMs(o.durationMs),
    o.reason,
  ]);

/** The whole report, laid out to print on A4. */
export function ReportView({ report: r, storeError }: { report: TrialReport; storeError: string | null }) {
  const d = r.definitions;
  const measuredElections = r.elections.filter((e) => e.leaderlessMs !== null);
  return (
    <article className="space-y-8 print:space-y-5" aria-label="Trial report">
      <p className="text-sm">
        Period <strong>{utc(r.period.from)}</strong> – <strong>{utc(r.period.to)}</strong> · dashboard observed {r.observation.coveragePercent.toFixed(1)} % of it ·
        generated {utc(r.generatedAt)}
      </p>
      {storeError && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-800">
          Writing history currently fails: {storeError}. Figures after that moment are missing.
        </p>
      )}

      <div className="grid grid-cols-2 gap-3 md:grid-cols-5 print:grid-cols-5">
        <Figure label="Messages stored" value={formatExact(r.messagesStored)} detail={`exact to ${seconds(r.messagesStoredPrecisionMs)} at each end`} />
        <Figure label="Peak throughput" value={rate(r.throughput.peakMsgsPerSec)} detail={`average ${rate(r.throughput.avgMsgsPerSec)}`} />
        <Figure label="Cluster outages" value={String(r.clusterOutages.length)} detail={`uptime ${percent(r.uptime.clusterPercent)}`} />
        <Figure label="Leader elections" value={String(r.electionSummary.count)} detail={`worst leaderless ${seconds(r.electionSummary.worstLeaderlessMs)}`} />
        <Figure label="Alerts" value={String(r.alerts.total)} detail={`${r.alerts.bySeverity.critical} critical · ${r.alerts.bySeverity.warning} warning`} />
      </div>

      <ReportSection title="Targets">
        <div data-testid="report-targets">
          <Table
            head={["Figure", "Target", "Actual", "Result", "Measured"]}
            rows={r.targets.map((t) => [
              t.name,
              `${t.comparison === ">=" ? "≥" : t.comparison === "<=" ? "≤" : "<"} ${targetValue(t, t.target)}`,
              targetValue(t, t.actual),
              <Verdict key="v" target={t} />,
              <span key="n" className="text-xs text-slate-600">
                {t.note ?? ""}
              </span>,
            ])}
            empty="No targets configured (report.targets in the config file)."
          />
        </div>
      </ReportSection>

      <ReportSection title="Messages" definition={d.messagesStored}>
        <Table
          head={["Figure", "Value", "Definition"]}
          rows={[
            ["Messages stored in JetStream", formatExact(r.messagesStored), `advance of each stream's last sequence, poll by poll: exact to ${seconds(r.messagesStoredPrecisionMs)} at each end`],
            ["Messages in (servers)", formatExact(r.messagesIn), d.messagesIn],
            ["Messages out (servers)", formatExact(r.messagesOut), d.messagesOut],
            ["Bytes in / out", `${formatBytes(r.bytesIn)} / ${formatBytes(r.bytesOut)}`, "varz in_bytes / out_bytes advances"],
          ]}
          empty=""
        />
      </ReportSection>

      <ReportSection title="Throughput" definition={d.throughput}>
        <p className="text-sm">
          Average {rate(r.throughput.avgMsgsPerSec)} stored, peak {rate(r.throughput.peakMsgsPerSec)}; at the servers average {rate(r.throughput.avgInMsgsPerSec)} in, peak{" "}
          {rate(r.throughput.peakInMsgsPerSec)}.
        </p>
        <Table
          head={["Stream (top 10)", "Messages stored", "Average"]}
          rows={r.topStreams.map((s) => [`${s.account} > ${s.name}`, formatExact(s.messagesStored), rate(s.avgMsgsPerSec)])}
          empty="No stream stored messages in this period."
        />
      </ReportSection>

      <ReportSection title="Latency" definition={d.latency}>
        {!r.latency.configured && !r.latency.write && (
          <p className="text-sm text-slate-600">No latency canary is configured for this cluster (clusters[].canary), so nothing was measured.</p>
        )}
        <div data-testid="report-latency">
          <Table
            head={["Canary", "p50", "p99", "max", "Completed", "Timed out or failed", "Period measured"]}
            rows={[latencyRow("JetStream write (publish → ack)", r.latency.write), latencyRow("End to end (every node pair)", r.latency.endToEnd)]}
            empty=""
          />
        </div>
        {r.latency.pairs.length > 0 && (
          <Table
            head={["Node pair (worst p99 first)", "p50", "p99", "max", "Completed", "Timed out or failed", "Period measured"]}
            rows={r.latency.pairs.slice(0, 10).map((p) => latencyRow(`${p.from} → ${p.to}`, p.figures))}
            empty=""
          />
        )}
      </ReportSection>

      <ReportSection title="Availability" definition={`${d.nodeOutages} ${d.clusterOutages}`}>
        <p className="text-sm">
          Cluster uptime {percent(r.uptime.clusterPercent)} of the observed time;{" "}
          {r.uptime.nodes.map((n) => `${n.node} ${percent(n.percent)}`).join(" · ") || "no nodes recorded"}.
        </p>
        <h3 className="font-medium">Cluster outages</h3>
        <Table head={["Start", "End", "Duration", "Reason"]} rows={outageRows(r.clusterOutages, false)} empty="No cluster outage." />
        <h3 className="font-medium">Node outages</h3>
        <Table head={["Node", "Start", "End", "Duration", "Reason"]} rows={outageRows(r.nodeOutages, true)} empty="No node outage." />
        {r.restarts.length > 0 && <p className="text-sm">Restarts: {r.restarts.map((x) => `${x.node} at ${utc(x.at)}`).join("; ")}.</p>}
        <h3 className="font-medium">Not observed</h3>
        <p className="text-xs text-slate-500">{d.notObserved}</p>
        <Table
          head={["From", "To", "Duration"]}
          rows={r.observation.notObserved.map((g) => [utc(g.start), utc(g.end), formatDurationMs(g.durationMs)])}
          empty="The dashboard observed the whole period."
        />
      </ReportSection>

      <ReportSection title="Leader elections" definition={d.elections}>
        <p className="text-sm">
          {r.electionSummary.count} elections, {r.electionSummary.measured} stream elections with a measured leaderless time: worst {seconds(r.electionSummary.worstLeaderlessMs)}, p95{" "}
          {seconds(r.electionSummary.p95LeaderlessMs)}.
        </p>
        <Table
          head={["At", "Asset", "From", "To", "Leaderless"]}
          rows={r.elections.map((e) => [
            utc(e.at),
            e.kind === "meta" ? "meta group" : [e.account, e.stream, e.consumer].filter(Boolean).join(" > "),
            e.from ?? "—",
            e.to ?? "—",
            seconds(e.leaderlessMs),
          ])}
          empty="No leader election."
        />
        {measuredElections.length < r.elections.length && <p className="text-xs text-slate-500">A leaderless time of “—” was not measured (the asset was never seen without a leader).</p>}
      </ReportSection>

      <ReportSection title="Alerts" definition={d.alerts}>
        <p className="text-sm">
          {r.alerts.total} alerts ({Object.entries(r.alerts.byRule).map(([rule, n]) => `${rule} ${n}`).join(", ") || "none"}), firing {formatDurationMs(r.alerts.firingMs)} in total.
        </p>
        <Table
          head={["Since", "Until", "Severity", "Rule", "Subject", "Message"]}
          rows={r.alerts.list.map((a) => [utc(a.firingSince), a.resolvedAt ? utc(a.resolvedAt) : "firing", a.severity, a.rule, a.subject, a.message])}
          empty="No alert fired."
        />
      </ReportSection>

      <ReportSection title="Consumers" definition={d.consumers}>
        <Table
          head={["Consumer", "Max unprocessed", "Max redelivered", "Max ack pending"]}
          rows={r.consumers.map((c) => [`${c.account} > ${c.stream} > ${c.name}`, formatExact(c.maxPending), formatExact(c.maxRedelivered), formatExact(c.maxAckPending)])}
          empty="No consumer samples in this period."
        />
      </ReportSection>

      <ReportSection title="Storage" definition={d.storage}>
        <Table
          head={["Node", "Start", "End", "Growth", "Peak", "Limit", "Peak use"]}
          rows={r.storage.map((s) => [
            s.node,
            formatBytes(s.startBytes),
            formatBytes(s.endBytes),
            s.growthBytes === null ? "—" : `${s.growthBytes < 0 ? "−" : "+"}${formatBytes(Math.abs(s.growthBytes))}`,
            formatBytes(s.peakBytes),
            formatBytes(s.limitBytes),
            percent(s.peakPercent),
          ])}
          empty="No storage samples in this period."
        />
      </ReportSection>
    </article>
  );
}
