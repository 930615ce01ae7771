/** What every page shows when `?cluster=` names no configured cluster (or none is configured). */
export function UnknownCluster({ requested }: { requested: string | null }) {
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800">
      {requested ? `No cluster named “${requested}” is configured.` : "No cluster is configured."}
    </p>
  );
}
