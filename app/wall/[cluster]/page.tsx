import { readParam } from "@/lib/view/url-state";
import { WallRoute } from "../_components/wall-route";

export const dynamic = "force-dynamic";

/** `/wall/NAME?display=TOKEN`: one cluster by name (names need no escaping: letters, digits, '.', '_', '-'). */
export default async function ClusterWallPage({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { cluster } = await params;
  return <WallRoute cluster={cluster} display={readParam(await searchParams, "display")} />;
}
