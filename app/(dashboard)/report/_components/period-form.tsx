"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** `datetime-local` works in local time; the report is in UTC, so the inputs are read and written as UTC. */
const toInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const fromInput = (value: string) => Date.parse(`${value}:00Z`);

/** The report's period (UTC), with presets, export links and printing. */
export function PeriodForm({ cluster, period, trial }: { cluster: string | null; period: { from: number; to: number }; trial: { from: string; to: string } | null }) {
  const router = useRouter();
  const [from, setFrom] = useState(toInput(period.from));
  const [to, setTo] = useState(toInput(period.to));
  const [problem, setProblem] = useState<string | null>(null);
  const query = (f: number, t: number) => {
    const q = new URLSearchParams({ from: new Date(f).toISOString(), to: new Date(t).toISOString() });
    if (cluster) q.set("cluster", cluster);
    return q.toString();
  };
  const go = (f: number, t: number) => router.push(`/report?${query(f, t)}`);
  const current = query(period.from, period.to);
  const now = () => Date.now();
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm print:hidden"
      aria-label="Report period"
      onSubmit={(e) => {
        e.preventDefault();
        const f = fromInput(from);
        const t = fromInput(to);
        if (!Number.isFinite(f) || !Number.isFinite(t)) return setProblem("Enter both times.");
        if (f >= t) return setProblem("The start must be before the end.");
        setProblem(null);
        go(f, t);
      }}
    >
      <label className="flex flex-col">
        <span className="text-slate-500">From (UTC)</span>
        <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col">
        <span className="text-slate-500">To (UTC)</span>
        <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-white">
        Show
      </button>
      {trial && (
        <button type="button" className="rounded border border-slate-300 px-3 py-1.5" onClick={() => go(Date.parse(trial.from), Date.parse(trial.to))}>
          Trial period
        </button>
      )}
      <button type="button" className="rounded border border-slate-300 px-3 py-1.5" onClick={() => go(now() - 86_400_000, now())}>
        Last 24 h
      </button>
      <button type="button" className="rounded border border-slate-300 px-3 py-1.5" onClick={() => go(now() - 7 * 86_400_000, now())}>
        Last 7 days
      </button>
      <span className="mx-1 text-slate-300">|</span>
      <a className="rounded border border-slate-300 px-3 py-1.5" href={`/api/v1/report?${current}&format=csv`}>
        CSV
      </a>
      <a className="rounded border border-slate-300 px-3 py-1.5" href={`/api/v1/report?${current}&format=json`}>
        JSON
      </a>
      <button type="button" className="rounded border border-slate-300 px-3 py-1.5" onClick={() => window.print()}>
        Print
      </button>
      {problem && (
        <p role="alert" className="w-full text-red-700">
          {problem}
        </p>
      )}
    </form>
  );
}
