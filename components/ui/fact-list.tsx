/** A titled panel of label/value pairs: the config, state and counters panels of the detail pages. */
export function FactList({ title, testId, children }: { title: string; testId?: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 font-semibold">{title}</h2>
      <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1 text-sm">{children}</dl>
    </section>
  );
}

export function Fact({ label, children, hint, testId }: { label: string; children: React.ReactNode; hint?: string; testId?: string }) {
  return (
    <>
      <dt className="text-slate-500" title={hint}>
        {label}
      </dt>
      <dd data-testid={testId} className="min-w-0 break-words tabular-nums">
        {children}
      </dd>
    </>
  );
}
