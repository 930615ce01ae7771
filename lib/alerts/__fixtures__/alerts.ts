/** Findings and alert records for the alert tests: node n3 does not answer. */
import type { AlertRecord } from "../engine";
import type { Finding } from "../rules";

export function finding(key = "node-down:n3", severity: Finding["severity"] = "critical"): Finding {
  return {
    key,
    rule: "node-down",
    severity,
    subject: { kind: "node", node: "n3", url: "https://n3.example:8222" },
    subjectLabel: "node n3",
    message: "n3 does not answer",
    value: null,
    threshold: null,
  };
}

/** The alert of `finding()` as a run left it, firing since `firingSince` (pending since `pendingSince`). */
export function alertRecord(pendingSince: string, firingSince: string | null, overrides: Partial<AlertRecord> = {}): AlertRecord {
  const { key, ...rest } = finding();
  return { id: key, ...rest, state: "firing", pendingSince, firingSince, resolvedAt: null, firedMs: null, acknowledged: null, silenced: null, ...overrides };
}
