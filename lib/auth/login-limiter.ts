/**
 * Brute-force protection for password sign-in: wrong passwords are counted per user name and per
 * client address (rate-limiter-flexible, in this process's memory); once either count reaches its
 * limit within the window, sign-in for that name or address is refused, without checking the
 * password, until the window ends. A correct password clears the user name's count, not the
 * address's. Limits are per dashboard process: a restart forgets them.
 */
import "server-only";
import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import type { LoginLimits } from "./config";

export class LoginLimiter {
  private readonly byUser: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(readonly limits: LoginLimits) {
    this.byUser = new RateLimiterMemory({ keyPrefix: "user", points: limits.perUser, duration: limits.windowSeconds });
    this.byIp = new RateLimiterMemory({ keyPrefix: "ip", points: limits.perIp, duration: limits.windowSeconds });
  }

  /** Seconds until `username` from `ip` may try again; 0 when it may now. */
  async retryAfterSeconds(username: string, ip: string | null): Promise<number> {
    const wait = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints >= points ? res.msBeforeNext : 0);
    const [user, address] = await Promise.all([this.byUser.get(userKey(username)), this.byIp.get(ipKey(ip))]);
    const ms = Math.max(wait(user, this.limits.perUser), wait(address, this.limits.perIp));
    return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
  }

  async failed(username: string, ip: string | null): Promise<void> {
    // consume() rejects once over the limit; the count still went up, which is all we want here.
    await Promise.allSettled([this.byUser.consume(userKey(username)), this.byIp.consume(ipKey(ip))]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byUser.delete(userKey(username));
  }
}

const userKey = (username: string) => username.trim().toLowerCase();
// Without a known address (next dev, no trusted proxy) every client shares one count.
const ipKey = (ip: string | null) => ip ?? "unknown";

const LIMITER_KEY = Symbol.for("jetstream-watch.login-limiter");
type LimiterHolder = { [LIMITER_KEY]?: LoginLimiter };

/** The process's limiter: Next.js bundles routes separately, so it lives on globalThis, like the config. */
export function loginLimiter(limits: LoginLimits): LoginLimiter {
  const holder = globalThis as LimiterHolder;
  const current = holder[LIMITER_KEY];
  if (current && JSON.stringify(current.limits) === JSON.stringify(limits)) return current;
  holder[LIMITER_KEY] = new LoginLimiter(limits);
  return holder[LIMITER_KEY];
}
