import { AppLink } from "@/components/ui/app-link";
import { clusterQuery } from "@/lib/view/url-state";

/** A detail page for a stream or consumer the cluster does not have (any more). */
export function AssetNotFound({ cluster, what }: { cluster: string; what: string }) {
  return (
    <div role="alert" data-testid="asset-not-found" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-900">
      <p className="font-semibold">
        {what} was not found in cluster {cluster}.
      </p>
      <p className="mt-1 text-sm">
        It may have been deleted, or the name is misspelt. The page keeps watching and shows it if it appears.{" "}
        <AppLink href={`/streams${clusterQuery(cluster)}`} className="underline">
          All streams
        </AppLink>
      </p>
    </div>
  );
}
