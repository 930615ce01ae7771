import { formatTime } from "@/lib/format";

/** Tick and tooltip label of a time axis whose values are epoch milliseconds. */
export const timeTick = (t: number) => formatTime(new Date(t).toISOString());
export const timeLabel = (t: unknown) => formatTime(new Date(Number(t)).toISOString());

/** A line needs at least this many points; with fewer the container shows its empty text. */
export const MIN_POINTS = 2;
