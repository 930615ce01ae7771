/** Before the collector's first poll has finished there is nothing true to show yet. */
export function WaitingForPoll() {
  return <p className="rounded border border-slate-200 bg-white p-6 text-slate-600">Waiting for the first poll of the cluster…</p>;
}
