import type { Period } from "./range";

/** The configured trial period, else the last 24 hours. */
export function defaultReportPeriod(trial: { from: string; to: string } | null, now: number): Period {
  return trial ? { from: Date.parse(trial.from), to: Date.parse(trial.to) } : { from: now - 24 * 3_600_000, to: now };
}
