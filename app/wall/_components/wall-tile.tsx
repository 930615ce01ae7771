/** The frame of every figure on the wall: a title, then its content, clipped rather than scrolled. */
export function WallTile({ title, testId, className = "", children }: { title: string; testId?: string; className?: string; children: React.ReactNode }) {
  return (
    <section
      aria-label={title}
      data-testid={testId}
      className={`flex min-h-0 min-w-0 flex-col overflow-hidden rounded-[1.2vh] border-[0.3vh] border-zinc-700 bg-zinc-950 p-[1.8vh] ${className}`}
    >
      <h2 className="mb-[0.8vh] shrink-0 truncate text-[2.4vh] font-bold uppercase tracking-wide text-zinc-300">{title}</h2>
      {children}
    </section>
  );
}

/** A key number: large enough to read from across the room. */
export function KeyNumber({ value, unit, tone = "plain", testId }: { value: string; unit?: string; tone?: "plain" | "good" | "bad"; testId?: string }) {
  const colour = tone === "good" ? "text-green-400" : tone === "bad" ? "text-amber-300" : "text-white";
  return (
    <div className="flex shrink-0 items-baseline gap-[1.2vh]">
      <span data-testid={testId} className={`whitespace-nowrap text-[7vh] font-black leading-none ${colour}`}>
        {value}
      </span>
      {unit && <span className="truncate text-[2.6vh] font-semibold text-zinc-300">{unit}</span>}
    </div>
  );
}

/** Lines under a key number; those that do not fit are counted, not scrolled to. */
export function WallLines({ lines, max, empty, testId }: { lines: { key: string; text: React.ReactNode; detail?: React.ReactNode }[]; max: number; empty?: string; testId?: string }) {
  if (lines.length === 0) return empty ? <p className="mt-[1vh] text-[2.8vh] text-zinc-400">{empty}</p> : null;
  const shown = lines.slice(0, max);
  return (
    <ul data-testid={testId} className="mt-[1vh] min-h-0 space-y-[0.6vh] text-[2.8vh] leading-tight">
      {shown.map((line) => (
        <li key={line.key} className="flex min-w-0 items-baseline gap-[1.2vh]">
          <span className="min-w-[40%] flex-1 truncate">{line.text}</span>
          {line.detail !== undefined && <span className="min-w-0 truncate text-zinc-300">{line.detail}</span>}
        </li>
      ))}
      {lines.length > shown.length && <li className="text-zinc-400">+{lines.length - shown.length} more</li>}
    </ul>
  );
}
