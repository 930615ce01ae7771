/**
 * Every route of the app, read from its route files (app/**\/page.tsx and app/**\/route.ts), so a
 * test that walks them covers a new route without being told. Route groups `(name)` and private
 * folders `_name` do not appear in URLs; dynamic segments are filled in by the caller.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface AppRoute {
  /** The file, relative to the repository. */
  file: string;
  kind: "page" | "api";
  /** The URL pattern: /streams/[account]/[name], /api/auth/[...nextauth]. */
  pattern: string;
  /** HTTP methods the route file exports (pages: GET). */
  methods: string[];
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

function exportedMethods(source: string): string[] {
  const direct = [...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+([A-Z]+)\b/g)].map((m) => m[1]);
  const listed = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/\bas\s+([A-Z]+)\b/g)].map((a) => a[1]));
  return [...new Set([...direct, ...listed])].filter((m) => (METHODS as readonly string[]).includes(m));
}

export function appRoutes(root: string): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (entry.name === "page.tsx" || entry.name === "route.ts") {
        const pattern = `/${segments.join("/")}`;
        const file = path.relative(root, full);
        if (entry.name === "page.tsx") routes.push({ file, kind: "page", pattern, methods: ["GET"] });
        else routes.push({ file, kind: "api", pattern, methods: exportedMethods(readFileSync(full, "utf8")) });
      }
    }
  };
  walk(path.join(root, "app"), []);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The pattern with each `[segment]` (and `[...segment]`) replaced by `values[segment]`; throws for a segment without a value, so a new one is noticed. */
export function fillRoute(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for the dynamic segment [${name}] of ${pattern}: add one to the walk`);
    return encodeURIComponent(values[name]);
  });
}
