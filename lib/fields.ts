/**
 * Field types the configuration sections share. A message names what was given, because a value
 * read from the environment is not in front of the reader the way a line of the config file is.
 */
import { z } from "zod";

/** What was given, in quotes; a URL's user and password (`https://user:secret@host`) are never repeated. */
const given = (input: unknown) => `"${String(input).replace(/^([a-z][\w+.-]*:\/\/).*@/i, "$1…@")}"`;

/** `hostless`: the host may be left out (a PostgreSQL URL may name a unix socket directory in `?host=` instead). */
function urlWith(protocols: readonly string[], what: string, hostless = false) {
  return z.string({ error: (iss) => `${given(iss.input)} ${what}` }).refine(
    (value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && (hostless || url.hostname !== "");
      } catch {
        return false;
      }
    },
    { error: (iss) => `${given(iss.input)} ${what}` },
  );
}

export const httpUrl = urlWith(["http:", "https:"], "must be an http:// or https:// URL");
export const natsUrl = urlWith(["nats:", "tls:", "ws:", "wss:"], "must be a nats://, tls://, ws:// or wss:// URL");
export const postgresUrl = urlWith(["postgres:", "postgresql:"], "must be a postgres:// or postgresql:// URL", true);

/** Cluster and display names: they appear in URLs and logs. */
export const simpleName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-'");

const range = (min: number, max: number) => (max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`);

/** An integer in [min, max]; one message for every way to miss it (not a number, a fraction, out of range). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  const error = (iss: { input: unknown }) => `must be a whole number ${range(min, max)}, got ${given(iss.input)}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A number in [min, max], fractions allowed. */
export function numberIn(min: number, max = Number.MAX_SAFE_INTEGER) {
  const error = (iss: { input: unknown }) => `must be a number ${range(min, max)}, got ${given(iss.input)}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}
