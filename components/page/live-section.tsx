/**
 * A panel of live figures. When updates stop (the page shows STALE) its contents fade, so old
 * numbers are never read as current even by someone who missed the notice at the top.
 */
export function LiveSection({ label, stale, className = "", children }: { label: string; stale: boolean; className?: string; children: React.ReactNode }) {
  return (
    <section aria-label={label} data-stale={stale} className={`${className} transition-opacity ${stale ? "opacity-50" : ""}`}>
      {children}
    </section>
  );
}
