/** The alerts' section of the configuration: hold time, levels and webhooks. */
import { z } from "zod";
import { httpUrl, wholeNumber } from "../fields";
import { alertThresholdsSchema, DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./thresholds";

export const WEBHOOK_FORMATS = ["json", "slack", "alertmanager"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookConfig {
  url: string;
  format: WebhookFormat;
  headers?: Record<string, string>;
}

export interface AlertsConfig {
  /** How long a finding must hold before its alert fires. */
  holdMs: number;
  thresholds: AlertThresholds;
  webhooks: WebhookConfig[];
}

export const DEFAULT_ALERTS: AlertsConfig = { holdMs: 10_000, thresholds: DEFAULT_ALERT_THRESHOLDS, webhooks: [] };

const webhookSchema = z.strictObject({
  url: httpUrl,
  format: z.enum(WEBHOOK_FORMATS, { error: (iss) => `"${String(iss.input)}" must be ${WEBHOOK_FORMATS.slice(0, -1).join(", ")} or ${WEBHOOK_FORMATS.at(-1)}` }).default("json"),
  headers: z.record(z.string(), z.string()).optional(),
});

export const alertsSchema = z.strictObject({
  holdMs: wholeNumber(0, 3_600_000).default(DEFAULT_ALERTS.holdMs),
  // Levels left out keep their defaults.
  thresholds: alertThresholdsSchema.optional().transform((t): AlertThresholds => ({ ...DEFAULT_ALERT_THRESHOLDS, ...t })),
  webhooks: z.array(webhookSchema).default([]),
});
