"use client";

import { useEffect, useRef, useState } from "react";
import { exactCount } from "@/lib/view/describe";

/** The row of filters above a table. */
export function FilterBar({ children }: { children: React.ReactNode }) {
  return <div className="flex flex-wrap items-end gap-3 text-sm">{children}</div>;
}

const SEARCH_DEBOUNCE_MS = 150;

/**
 * A search box whose text lives in the URL. It keeps its own text while typing and writes the URL
 * shortly after the last keystroke, so a slow filter of thousands of rows never eats keystrokes;
 * a URL change from elsewhere (back button) replaces the text.
 */
export function SearchBox({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs text-slate-500">{label}</span>
      <input
        type="search"
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => onChange(next), SEARCH_DEBOUNCE_MS);
        }}
        className="h-8 w-56 rounded border border-slate-300 bg-white px-2"
      />
    </label>
  );
}

/** A choice among values, or all of them (null). A chosen value no longer present stays listed. */
export function FilterSelect({
  label,
  value,
  options,
  allLabel,
  onChange,
}: {
  label: string;
  value: string | null;
  options: readonly string[];
  allLabel: string;
  onChange: (value: string | null) => void;
}) {
  const choices = value !== null && !options.includes(value) ? [...options, value] : options;
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs text-slate-500">{label}</span>
      <select
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
        className="h-8 min-w-36 rounded border border-slate-300 bg-white px-2"
      >
        <option value="">{allLabel}</option>
        {choices.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterCheckbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex h-8 items-center gap-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4" />
      <span>{label}</span>
    </label>
  );
}

/** "12 of 1,000 streams" */
export function RowCount({ shown, total, noun }: { shown: number; total: number; noun: string }) {
  return (
    <p role="status" data-testid="row-count" className="ml-auto self-end text-xs text-slate-500">
      {shown === total ? `${exactCount(total)} ${noun}` : `${exactCount(shown)} of ${exactCount(total)} ${noun}`}
    </p>
  );
}
