import { readParam, type ParamSource } from "@/lib/view/url-state";

export interface PlacementQuery {
  account: string | null;
  /** Search in stream names. */
  q: string;
}

export function parsePlacementQuery(params: ParamSource): PlacementQuery {
  return { account: readParam(params, "account"), q: readParam(params, "q") ?? "" };
}
