import type { Metadata } from "next";
import { clusterPage } from "@/components/page/cluster-page";
import { livePreview } from "@/components/page/live-list";
import { ConsumersClient } from "./client";
import { CONSUMERS_LIST } from "./list";

export const metadata: Metadata = { title: "Consumers" };
export const dynamic = "force-dynamic";

export default clusterPage(({ cluster, snapshot, initial, query }) => (
  // First paint: the rows in view only (lib/view/first-paint.ts); the live stream brings the rest.
  <ConsumersClient cluster={cluster} initial={initial()} preview={snapshot && livePreview(CONSUMERS_LIST, snapshot, query)} />
));
