/**
 * The monitoring answers' schemas (monitor-schemas.ts, the one home of their shapes) compiled into
 * validators that check a parsed answer in place. zod's own parse builds a copy of every object it
 * passes (unknown keys included): on a /jsz of thousands of streams that costs two to four times
 * the JSON.parse itself and doubles the garbage, on every poll. The compiled check walks the same
 * fields without allocating and answers with the parsed object itself.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { z } from "zod";
import { connzSchema, healthzSchema, jszSchema, varzSchema, type Connz, type Healthz, type Jsz, type Varz } from "./monitor-schemas";

const SCHEMAS = { varz: varzSchema, jsz: jszSchema, healthz: healthzSchema, connz: connzSchema } as const;

export type MonitorAnswer = keyof typeof SCHEMAS;

export interface MonitorAnswers {
  varz: Varz;
  jsz: Jsz;
  healthz: Healthz;
  connz: Connz;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; message: string };

let compiled: Map<MonitorAnswer, ValidateFunction> | null = null;

function validators(): Map<MonitorAnswer, ValidateFunction> {
  if (compiled) return compiled;
  // Only the first problem is reported, so the check can stop at it.
  const ajv = new Ajv({ allErrors: false, strict: true });
  compiled = new Map(
    (Object.keys(SCHEMAS) as MonitorAnswer[]).map((answer) => {
      // "throw": a transform must not be dropped silently (refinements are, so the schemas hold shapes only).
      const jsonSchema = z.toJSONSchema(SCHEMAS[answer], { target: "draft-7", unrepresentable: "throw" });
      delete (jsonSchema as { $schema?: string }).$schema;
      return [answer, ajv.compile(jsonSchema)];
    }),
  );
  return compiled;
}

/** "at account_details.0.stream_detail.3.state.messages: must be number", the way an operator reads a path. */
function describe(error: ErrorObject | undefined): string {
  if (!error) return "unexpected JSON shape at (root): invalid";
  const segments = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") segments.push(String((error.params as { missingProperty: string }).missingProperty));
  const message = error.keyword === "required" ? "is missing" : (error.message ?? "invalid");
  return `unexpected JSON shape at ${segments.join(".") || "(root)"}: ${message}`;
}

/** `data` as the endpoint's answer, or the first field that is not what the dashboard reads. */
export function checkAnswer<A extends MonitorAnswer>(answer: A, data: unknown): Checked<MonitorAnswers[A]> {
  const validate = validators().get(answer)!;
  if (validate(data)) return { ok: true, data: data as MonitorAnswers[A] };
  return { ok: false, message: describe(validate.errors?.[0]) };
}
