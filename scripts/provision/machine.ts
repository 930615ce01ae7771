/** The facts `plan()` decides on, read off this machine. */
import { accessSync, constants, readdirSync } from "node:fs";
import path from "node:path";
import type { Machine } from "./plan";
import { cachedNatsServerPath, projectCacheDir } from "./versions";

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of an executable named `name` on PATH, if any. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function thisMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  const cacheDir = projectCacheDir(env);
  return {
    env: { NATS_SERVER_BIN: env.NATS_SERVER_BIN || undefined, CHROMIUM_PATH: env.CHROMIUM_PATH || undefined },
    which: (name) => findOnPath(name, env.PATH ?? ""),
    isExecutable,
    cachedNatsServers() {
      try {
        return readdirSync(path.join(cacheDir, "nats")).filter((version) => isExecutable(cachedNatsServerPath(cacheDir, version)));
      } catch {
        return [];
      }
    },
    cacheDir,
    root: process.getuid?.() === 0,
  };
}
