"use client";

import { ChartReplicaLag } from "@/components/charts/lazy";
import { historyPanelStatus, streamHistoryUrl, useAssetHistory } from "@/components/hooks/use-asset-history";
import { useNow } from "@/components/hooks/use-cluster-stream";
import { Button } from "@/components/ui/button";
import type { StreamSample } from "@/lib/model/types";

/** The selected replica's lag over the stream's recent history, refreshed every 10 s. */
export function ReplicaLagTrend({
  cluster,
  account,
  stream,
  node,
  stillLagging,
  onClose,
}: {
  cluster: string;
  account: string;
  stream: string;
  node: string;
  stillLagging: boolean;
  onClose: () => void;
}) {
  const history = useAssetHistory<StreamSample>(streamHistoryUrl(cluster, account, stream));
  const status = historyPanelStatus(history, useNow());
  return (
    <section aria-label="Replica lag trend" data-testid="replica-lag-trend" className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">
          {account} / {stream} on {node}
          {!stillLagging && <span className="ml-2 text-sm font-normal text-green-700">now current</span>}
        </h2>
        <Button size="sm" onClick={onClose}>
          Close
        </Button>
      </div>
      <ChartReplicaLag
        title={`Lag of ${node}`}
        samples={history.history?.samples ?? []}
        nodes={[node]}
        empty={status.empty}
        notice={status.notice}
      />
    </section>
  );
}
