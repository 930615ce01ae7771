import { Section } from "@/components/ui/section";

/**
 * A panel of live figures. When updates stop (the page shows STALE) its contents fade, so old
 * numbers are never read as current even by someone who missed the notice at the top.
 */
export function LiveSection({
  label,
  title,
  stale,
  className = "space-y-2",
  children,
}: {
  label: string;
  title?: React.ReactNode;
  stale: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Section label={label} title={title} data-stale={stale} className={`${className} transition-opacity ${stale ? "opacity-50" : ""}`}>
      {children}
    </Section>
  );
}
