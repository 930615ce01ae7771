"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** What to hand out after a token is made: the token, or a display link's wall URL. Shown once. */
export interface CreatedToken {
  name: string;
  scope: string;
  token: string;
  wallUrl: string | null;
}

/** The one time a token is shown: copy it now, it cannot be shown again. */
export function CreatedTokenPanel({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const secret = created.wallUrl ?? created.token;
  const what = created.wallUrl ? "display link" : `${created.scope} token`;
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div role="status" data-testid="created-token" className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <p className="font-medium">
        The {what} “{created.name}” was made. Copy it now: it is not shown again, and the dashboard keeps only its hash.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          readOnly
          aria-label={created.wallUrl ? "Wall URL" : "Token"}
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm"
        />
        <Button variant="primary" onClick={() => void copy()}>
          Copy
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
      {copied !== null && <p className="text-sm text-slate-600">{copied ? "Copied." : "The browser did not allow copying; select the text and copy it."}</p>}
      {created.wallUrl && <p className="text-sm text-slate-600">Open this URL on the wall&apos;s screen. It reads only what the wall shows.</p>}
    </div>
  );
}
