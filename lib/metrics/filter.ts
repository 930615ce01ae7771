/** Which streams and consumers get series (the metrics section's include/exclude patterns and caps). */
import { streamKey } from "../model/assets";
import type { ConsumerView, StreamView } from "../model/types";
import type { MetricsConfig } from "./config";

/** A glob (`*` any run, `?` one character) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

function matcher(include: string[], exclude: string[]): (name: string) => boolean {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return (name) => (inc.length === 0 || inc.some((re) => re.test(name))) && !exc.some((re) => re.test(name));
}

export interface AssetFilter {
  stream(s: Pick<StreamView, "account" | "name">): boolean;
  /** The consumers that get series, and how many were left out by the cap or as ephemeral. */
  consumers(consumers: readonly ConsumerView[]): { kept: ConsumerView[]; omitted: number };
}

export function assetFilter(config: MetricsConfig): AssetFilter {
  const account = matcher(config.includeAccounts, config.excludeAccounts);
  const stream = matcher(config.includeStreams, config.excludeStreams);
  const keepStream = (s: Pick<StreamView, "account" | "name">) => account(s.account) && stream(s.name);
  return {
    stream: keepStream,
    consumers(consumers) {
      const kept: ConsumerView[] = [];
      const perStream = new Map<string, number>();
      let omitted = 0;
      // The snapshot lists consumers by account, stream, then name, so the cap keeps the first names.
      for (const c of consumers) {
        if (!keepStream({ account: c.account, name: c.stream })) continue;
        if (!c.durable && !config.ephemeralConsumers) {
          omitted++;
          continue;
        }
        const key = streamKey({ account: c.account, name: c.stream });
        const count = perStream.get(key) ?? 0;
        if (count >= config.maxConsumersPerStream) {
          omitted++;
          continue;
        }
        perStream.set(key, count + 1);
        kept.push(c);
      }
      return { kept, omitted };
    },
  };
}
