/**
 * Where a request came from, for the audit log: the X-Forwarded-For header, which the Next.js
 * server sets to the connection's address when no proxy set it before; behind proxies it lists the
 * addresses they saw, the nearest proxy's last. It is what the request says, not proof: a client
 * that reaches the server without a proxy can write the header itself.
 */
const MAX_LENGTH = 200;

export function clientAddress(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.trim();
  return forwarded ? forwarded.slice(0, MAX_LENGTH) : null;
}
