/**
 * What a wall display shows and how it rotates: the wall's section of the configuration. It
 * imports nothing, so the wall's browser bundle gets the settings without the schema library;
 * the schema that checks them is composed in lib/config.ts from these limits.
 */
export const WALL_PANELS = ["overview", "placement", "trouble"] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

export interface WallSettings {
  /** Seconds each panel stays on screen; null: no rotation, the first panel only. */
  rotateSeconds: number | null;
  panels: WallPanel[];
}

export const DEFAULT_WALL_SETTINGS: WallSettings = { rotateSeconds: null, panels: [...WALL_PANELS] };

/** Shorter than this a panel cannot be read before it turns. */
export const WALL_ROTATE_MIN_S = 2;
export const WALL_ROTATE_MAX_S = 3600;
