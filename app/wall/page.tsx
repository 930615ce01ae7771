import { readParam } from "@/lib/view/url-state";
import { WallRoute } from "./_components/wall-route";

export const dynamic = "force-dynamic";

/** `/wall?display=TOKEN`: the first configured cluster. */
export default async function WallPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <WallRoute cluster={null} display={readParam(await searchParams, "display")} />;
}
