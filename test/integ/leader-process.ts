/**
 * A replica's leadership alone in a process of its own, for leadership.integ.ts to freeze
 * (SIGSTOP) as a hung host would be: it leads the clusters it is given when it can and says so on
 * stdout. Usage: tsx test/integ/leader-process.ts <postgres url> <cluster>...
 */
import { PostgresLeadership } from "../../lib/replicas/leadership";

const [url, ...clusters] = process.argv.slice(2);
new PostgresLeadership({ url, clusters, retryMs: 200, silentSessionMs: 2000 }).start((change) => {
  process.stdout.write(`${change.leading ? "leads" : "follows"} ${change.cluster}\n`);
});
