/** How good or bad something is: a cluster's status, an alert's severity, the wall's band. */
export type Severity = "ok" | "warning" | "critical" | "stale";

/** The solid fills of app/globals.css's status tokens, with the text colour that reads on each. */
export const SEVERITY_FILL: Record<Severity, string> = {
  ok: "bg-ok text-on-ok",
  warning: "bg-warn text-on-warn",
  critical: "bg-crit text-on-crit",
  stale: "bg-stale text-on-stale",
};

/** A small solid label, "CRITICAL" by default; `className` sets its size (the wall's are larger). */
export function SeverityBadge({
  severity,
  children,
  className = "rounded px-1.5 py-0.5 text-xs font-bold",
}: {
  severity: Severity;
  children?: React.ReactNode;
  className?: string;
}) {
  return <span className={`uppercase ${SEVERITY_FILL[severity]} ${className}`}>{children ?? severity}</span>;
}
