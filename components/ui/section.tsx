/** A titled part of a page: a region named for screen readers, with its heading and an optional note on what it shows. */
export function Section({
  title,
  label,
  description,
  className = "space-y-2",
  children,
  ...data
}: {
  title?: React.ReactNode;
  /** The region's name; defaults to the title when that is plain text. */
  label?: string;
  description?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
} & { [attribute: `data-${string}`]: string | number | boolean | undefined }) {
  return (
    <section aria-label={label ?? (typeof title === "string" ? title : undefined)} className={className} {...data}>
      {title !== undefined && <h2 className="text-lg font-semibold">{title}</h2>}
      {description && <p className="text-xs text-slate-500">{description}</p>}
      {children}
    </section>
  );
}
