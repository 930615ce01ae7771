import { AppLink } from "@/components/ui/app-link";
import { Button, buttonClass } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { AuditEntryView } from "@/lib/api/admin";
import { AUDIT_KIND_LABELS, AUDIT_KINDS, type AuditKind } from "@/lib/history/audit";
import { formatUtcDateTime } from "@/lib/format";

const pageHref = (kind: AuditKind | null, before: number | null) => {
  const params = new URLSearchParams();
  if (kind) params.set("kind", kind);
  if (before !== null) params.set("before", String(before));
  const query = params.toString();
  return `/admin${query ? `?${query}` : ""}#audit`;
};

/** The audit log, newest first: one kind or all, a page at a time, and the whole of it as CSV. */
export function AuditLog({ entries, kind, paged, nextBefore, problem }: { entries: AuditEntryView[]; kind: AuditKind | null; paged: boolean; nextBefore: number | null; problem: string | null }) {
  const csv = `/api/v1/admin/audit?format=csv${kind ? `&kind=${kind}` : ""}`;
  return (
    <Section title="Audit log" label="Audit log" description="Sign-ins, tokens made, revoked and used (the first use in each hour), alert acknowledgements and silences, and each start's configuration. Newest first; times in UTC.">
      <div id="audit" className="flex flex-wrap items-end gap-3 text-sm">
        {/* A plain GET form: filtering works before the page's scripts load. */}
        <form method="get" action="/admin#audit" className="flex items-end gap-2">
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">Kind</span>
            <select name="kind" defaultValue={kind ?? ""} className="rounded border border-slate-300 px-2 py-1">
              <option value="">All kinds</option>
              {AUDIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {AUDIT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit">Show</Button>
        </form>
        <a href={csv} download className={buttonClass({ className: "ml-auto" })}>
          Download CSV
        </a>
      </div>
      {problem && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {problem}; showing the newest entries.
        </p>
      )}
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{paged ? "No older entries." : "No entries yet."}</p>
      ) : (
        <Table testId="audit-log" label="Audit entries">
          <TableHead>
            <Th>Time</Th>
            <Th>Kind</Th>
            <Th>Who</Th>
            <Th>Address</Th>
            <Th>About</Th>
            <Th>Detail</Th>
          </TableHead>
          <tbody>
            {entries.map((e) => (
              <Tr key={e.id} data-kind={e.kind}>
                <Td className="whitespace-nowrap tabular-nums">{formatUtcDateTime(e.at)}</Td>
                <Td className="whitespace-nowrap">{AUDIT_KIND_LABELS[e.kind]}</Td>
                <Td>{e.actor}</Td>
                <Td className="text-slate-600">{e.ip ?? "—"}</Td>
                <Td className={`max-w-xs break-words ${e.kind === "config-loaded" ? "font-mono text-xs" : ""}`}>{e.subject ?? "—"}</Td>
                <Td className="text-slate-600">{e.detail ?? ""}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav aria-label="Audit log pages" className="flex gap-3 text-sm">
        {paged && <AppLink href={pageHref(kind, null)}>Newest entries</AppLink>}
        {nextBefore !== null && <AppLink href={pageHref(kind, nextBefore)}>Older entries</AppLink>}
      </nav>
    </Section>
  );
}
