import type { Metadata } from "next";
import { getHub } from "@/lib/hub";
import { restrictSnapshot } from "@/lib/model/delta";
import { ClustersSummary } from "./_components/clusters-summary";
import { OverviewClient } from "./client";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { cluster } = await searchParams;
  const requested = typeof cluster === "string" ? cluster : null;
  const collector = getHub()?.collector(requested);
  if (!collector)
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800">
        {requested ? `No cluster named “${requested}” is configured.` : "No cluster is configured."}
      </p>
    );
  // First paint from the hub's latest snapshot; the client then follows the live stream.
  const snapshot = collector.snapshot();
  const summaries = getHub()!.summaries();
  return (
    <div className="space-y-4">
      {summaries.length > 1 && <ClustersSummary initial={summaries} current={collector.cluster.name} />}
      <OverviewClient
        cluster={collector.cluster.name}
        initial={snapshot && restrictSnapshot(snapshot, { streams: false, consumers: false })}
        initialRecent={collector.recentThroughput()}
      />
    </div>
  );
}
