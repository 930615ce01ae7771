"use client";

import { useId, useState, useSyncExternalStore } from "react";
import { RANGES, type RangeName } from "@/lib/history/range";
import { parseCustomInputs, RANGE_LABELS, RANGE_NAMES, toLocalInput, utcOffsetLabel, type RangeChoice } from "@/lib/view/history-range";

const subscribeNothing = () => () => {};

const button = (pressed: boolean) =>
  `px-2.5 py-1 text-sm font-medium focus-visible:relative focus-visible:outline-2 focus-visible:outline-sky-600 ${
    pressed ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-100"
  }`;

/**
 * Picks the period of a page's charts: a named range ending now, or a custom one typed in the
 * browser's local time. The page keeps the choice in its URL; this only reports changes.
 */
export function RangePicker({
  choice,
  problem,
  onChange,
  label = "Time range",
  fallback,
}: {
  choice: RangeChoice;
  /** Why the URL's range was not used (the fallback is shown instead). */
  problem?: string | null;
  onChange: (choice: RangeChoice) => void;
  label?: string;
  /** What is shown when the URL's range is bad. */
  fallback: RangeName;
}) {
  // The custom inputs show local times, which the server cannot know: render them in the browser only.
  const inBrowser = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [customOpen, setCustomOpen] = useState(choice.kind === "custom");
  const [from, setFrom] = useState(() => toLocalInput(choice.kind === "custom" ? choice.from : Date.now() - RANGES["1h"]));
  const [to, setTo] = useState(() => toLocalInput(choice.kind === "custom" ? choice.to : Date.now()));
  const [message, setMessage] = useState<string | null>(null);
  const [zone] = useState(() => utcOffsetLabel(Date.now()));
  const formId = useId();

  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    const period = parseCustomInputs(from, to);
    if (typeof period === "string") return setMessage(period);
    setMessage(null);
    onChange({ kind: "custom", ...period });
  };
  return (
    <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
      <div role="group" aria-label={label} className="inline-flex divide-x divide-slate-300 overflow-hidden rounded border border-slate-300">
        {RANGE_NAMES.map((name) => {
          const pressed = choice.kind === "range" && choice.range === name;
          return (
            <button
              key={name}
              type="button"
              aria-pressed={pressed}
              title={RANGE_LABELS[name]}
              className={button(pressed)}
              onClick={() => {
                setCustomOpen(false);
                setMessage(null);
                onChange({ kind: "range", range: name });
              }}
            >
              {name}
            </button>
          );
        })}
        <button
          type="button"
          aria-pressed={choice.kind === "custom"}
          aria-expanded={customOpen}
          aria-controls={formId}
          className={button(choice.kind === "custom" || customOpen)}
          onClick={() => setCustomOpen((open) => !open)}
        >
          Custom
        </button>
      </div>
      {customOpen && inBrowser && (
        <form id={formId} aria-label="Custom range" onSubmit={apply} className="flex flex-wrap items-end gap-2 text-sm">
          <label className="flex flex-col text-xs text-slate-600">
            From (local time, {zone})
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900" />
          </label>
          <label className="flex flex-col text-xs text-slate-600">
            To (local time, {zone})
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900" />
          </label>
          <button type="submit" className="rounded bg-slate-800 px-3 py-1 font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600">
            Apply
          </button>
          {message && (
            <p role="alert" className="basis-full text-xs font-medium text-red-700">
              {message}
            </p>
          )}
        </form>
      )}
      {problem && (
        <p role="alert" className="basis-full text-xs font-medium text-amber-800">
          The address asks for a range that cannot be shown ({problem}); showing the {RANGE_LABELS[fallback]} instead.
        </p>
      )}
    </div>
  );
}
