import { apiError } from "@/lib/api/errors";
import { seriesResponse } from "@/lib/api/history-param";
import { withAuth } from "@/lib/api/with-auth";
import { isLatencySeries } from "@/lib/model/latency/book";

export const dynamic = "force-dynamic";

/**
 * One latency series of the canary (`series=write`, `e2e`, `pair:n1>n2`, `rtt:n1`, `write@n1`,
 * `ack:STREAM/CONSUMER`) per minute over `range=` or `from=`/`to=`: p50, p99 and max in ms, probes
 * completed and failed, each point from its minutes' histograms merged.
 */
export const GET = withAuth(
  (req, { collector }) => {
    const series = req.nextUrl.searchParams.get("series") ?? "";
    if (!isLatencySeries(series)) return apiError("bad-request", `series: "${series}" must be write, e2e, write@NODE, pair:FROM>TO, rtt:NODE or ack:STREAM/CONSUMER`);
    return seriesResponse(req, collector, { kind: "latency", series });
  },
  { cluster: true },
);
