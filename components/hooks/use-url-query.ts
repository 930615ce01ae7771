"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { withParams } from "@/lib/view/url-state";

/**
 * A page's sort/filter/search state, kept in the URL so a view can be shared and survives reloads.
 * Updates use history.replaceState, which Next.js folds into useSearchParams without a server
 * round trip: typing in a search box must not re-render the page on the server per keystroke.
 */
export function useUrlQuery<Q>(parse: (params: URLSearchParams) => Q): [Q, (changes: Record<string, string | null>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parse(new URLSearchParams(params.toString())), [params, parse]);
  const update = useCallback(
    (changes: Record<string, string | null>) => {
      // Read the live location, not the params of the last render: two updates may come in one tick.
      window.history.replaceState(null, "", `${pathname}${withParams(window.location.search, changes)}`);
    },
    [pathname],
  );
  return [query, update];
}
