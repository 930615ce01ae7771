/**
 * A dynamic route segment as the name it stands for. Next.js hands segments over still
 * percent-encoded (`%24G` for the account `$G`), so they are decoded exactly once here; a
 * malformed escape is taken literally rather than failing the page.
 */
export function routeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
