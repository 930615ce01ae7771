"use client";

import { useId, useState, useSyncExternalStore } from "react";
import type { Period } from "@/lib/history/range";
import { parseZoneInputs, toZoneInput, zoneLabel, type InputZone } from "@/lib/view/period-inputs";
import { Button } from "./button";

export interface PeriodPreset {
  key: string;
  label: string;
  title?: string;
  /** Whether the page shows this preset now; leave out for presets that are one-off actions. */
  pressed?: boolean;
  select: () => void;
}

const subscribeNothing = () => () => {};

const HOUR_MS = 3_600_000;

const segment = (pressed: boolean) =>
  `px-2.5 py-1 text-sm font-medium focus-visible:relative focus-visible:outline-2 focus-visible:outline-sky-600 ${
    pressed ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-100"
  }`;

/**
 * Picks a period: preset buttons, and a start and end typed in the time zone `zone`, which the
 * inputs' labels name. The page keeps the period in its URL; this only reports choices.
 */
export function PeriodPicker({
  label,
  presets,
  zone,
  period,
  custom = "toggle",
  customPressed = false,
  formLabel = "Custom range",
  submitLabel = "Apply",
  onPeriod,
  problem,
  className = "",
}: {
  /** The preset group's accessible name. */
  label: string;
  presets: PeriodPreset[];
  zone: InputZone;
  /** The period the inputs show, and show again whenever it changes; null: they start at the last hour. */
  period: Period | null;
  /** "toggle": a Custom button opens the inputs; "open": they are always shown. */
  custom?: "toggle" | "open";
  /** Whether the page shows a typed period now (the Custom button is pressed). */
  customPressed?: boolean;
  formLabel?: string;
  submitLabel?: string;
  onPeriod: (period: Period) => void;
  /** Why the page's URL was not used, shown below the picker. */
  problem?: React.ReactNode;
  className?: string;
}) {
  // Local times depend on the browser's zone, which the server does not know: render those inputs in the browser only.
  const inBrowser = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [open, setOpen] = useState(custom === "open" || customPressed);
  const [from, setFrom] = useState(() => toZoneInput(period?.from ?? Date.now() - HOUR_MS, zone));
  const [to, setTo] = useState(() => toZoneInput(period?.to ?? Date.now(), zone));
  // A new period from the page (a preset, the back button) replaces what the inputs show.
  const periodKey = period && `${period.from}-${period.to}`;
  const [shownKey, setShownKey] = useState(periodKey);
  if (periodKey !== shownKey) {
    setShownKey(periodKey);
    if (period) {
      setFrom(toZoneInput(period.from, zone));
      setTo(toZoneInput(period.to, zone));
    }
  }
  const [message, setMessage] = useState<string | null>(null);
  const [zoneText] = useState(() => zoneLabel(zone, Date.now()));
  const formId = useId();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const typed = parseZoneInputs(from, to, zone);
    if (typeof typed === "string") return setMessage(typed);
    setMessage(null);
    onPeriod(typed);
  };
  const input = (value: string, set: (value: string) => void) => (
    <input type="datetime-local" value={value} onChange={(e) => set(e.target.value)} className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900" />
  );
  return (
    <div className={`flex flex-wrap items-start gap-x-3 gap-y-2 ${className}`}>
      <div role="group" aria-label={label} className="inline-flex divide-x divide-slate-300 overflow-hidden rounded border border-slate-300">
        {presets.map((p) => (
          <button
            key={p.key}
            type="button"
            aria-pressed={p.pressed}
            title={p.title}
            className={segment(p.pressed ?? false)}
            onClick={() => {
              if (custom === "toggle") setOpen(false);
              setMessage(null);
              p.select();
            }}
          >
            {p.label}
          </button>
        ))}
        {custom === "toggle" && (
          <button
            type="button"
            aria-pressed={customPressed}
            aria-expanded={open}
            aria-controls={formId}
            className={segment(customPressed || open)}
            onClick={() => setOpen((o) => !o)}
          >
            Custom
          </button>
        )}
      </div>
      {open && (zone === "utc" || inBrowser) && (
        <form id={formId} aria-label={formLabel} onSubmit={submit} className="flex flex-col gap-1 text-sm">
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col text-xs text-slate-600">
              From ({zoneText})
              {input(from, setFrom)}
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              To ({zoneText})
              {input(to, setTo)}
            </label>
            <Button type="submit" variant="primary">
              {submitLabel}
            </Button>
          </div>
          {message && (
            <p role="alert" className="text-xs font-medium text-red-700">
              {message}
            </p>
          )}
        </form>
      )}
      {problem && (
        <p role="alert" className="basis-full text-xs font-medium text-amber-800">
          {problem}
        </p>
      )}
    </div>
  );
}
