"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";

export function ClusterSwitcher({ clusters }: { clusters: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = params.get("cluster") ?? clusters[0];
  return (
    <label className="flex items-center gap-2">
      <span className="text-slate-500">Cluster</span>
      <select
        aria-label="Cluster"
        value={current}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          next.set("cluster", e.target.value);
          router.push(`${pathname}?${next.toString()}`);
        }}
        className="rounded border border-slate-300 bg-white px-2 py-1"
      >
        {clusters.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
