"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { ManagedTokenView } from "@/lib/api/admin";
import { SCOPE_GRANTS, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/roles";
import { formatUtcDateTime } from "@/lib/format";
import { CreatedTokenPanel, type CreatedToken } from "./_components/created-token";

/** The error message of a refused admin API call. */
async function failure(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `HTTP ${res.status}`;
}

function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScope>("viewer");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await fetch("/api/v1/admin/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, scope }) });
      if (!res.ok) return setError(await failure(res));
      const made = (await res.json()) as { token: string; record: ManagedTokenView; wallUrl: string | null };
      setError(null);
      setName("");
      onCreated({ name: made.record.name, scope: made.record.scope, token: made.token, wallUrl: made.wallUrl });
    } catch {
      setError("the dashboard did not answer; try again");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void create(e)} aria-label="New token" className="flex flex-wrap items-end gap-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="text-slate-600">Name</span>
        <input
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="prometheus"
          pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
          title="1-64 letters, digits, '.', '_' or '-'"
          className="w-56 rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-slate-600">Scope</span>
        <select value={scope} onChange={(e) => setScope(e.target.value as TokenScope)} className="rounded border border-slate-300 px-2 py-1">
          {TOKEN_SCOPES.map((s) => (
            <option key={s} value={s}>
              {s === "display" ? "display link" : s} — {SCOPE_GRANTS[s]}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" variant="primary" disabled={busy}>
        Create
      </Button>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </form>
  );
}

function RevokeButton({ token, onRevoked }: { token: ManagedTokenView; onRevoked: (error: string | null) => void }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = async () => {
    const res = await fetch(`/api/v1/admin/tokens/${token.id}`, { method: "DELETE" }).catch(() => null);
    setConfirming(false);
    onRevoked(res === null ? "the dashboard did not answer; try again" : res.ok ? null : await failure(res));
  };
  if (!confirming)
    return (
      <Button size="sm" onClick={() => setConfirming(true)} aria-label={`Revoke ${token.name}`}>
        Revoke
      </Button>
    );
  return (
    <span className="inline-flex items-center gap-2">
      <span className="text-xs text-slate-600">Refused from the next request on.</span>
      <Button size="sm" variant="primary" onClick={() => void revoke()} aria-label={`Confirm revoking ${token.name}`}>
        Revoke now
      </Button>
      <Button size="sm" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </span>
  );
}

/** The admin's tokens: make one (shown once), see each one's last use, revoke. */
export function ManagedTokens({ tokens }: { tokens: ManagedTokenView[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Section
      title="API tokens and display links"
      description="Scripts and Prometheus send a token as Authorization: Bearer <token>; a wall opens its display link. Each is shown once, when it is made; the dashboard keeps only its hash. Last use is noted to the minute."
    >
      <CreateTokenForm
        onCreated={(made) => {
          setCreated(made);
          router.refresh();
        }}
      />
      {created && <CreatedTokenPanel created={created} onDone={() => setCreated(null)} />}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">No managed tokens yet.</p>
      ) : (
        <Table testId="managed-tokens" label="Managed tokens">
          <TableHead>
            <Th>Name</Th>
            <Th>Scope</Th>
            <Th>Created</Th>
            <Th>Last used</Th>
            <Th>State</Th>
            <Th />
          </TableHead>
          <tbody>
            {tokens.map((t) => (
              <Tr key={t.id} data-token={t.name} data-state={t.revokedAt ? "revoked" : "active"}>
                <Td className="font-medium">{t.name}</Td>
                <Td>{t.scope === "display" ? "display link" : t.scope}</Td>
                <Td>
                  {formatUtcDateTime(t.createdAt)} by {t.createdBy}
                </Td>
                <Td data-testid="last-used">{t.lastUsedAt ? formatUtcDateTime(t.lastUsedAt) : "never"}</Td>
                <Td>{t.revokedAt ? `revoked ${formatUtcDateTime(t.revokedAt)} by ${t.revokedBy}` : "active"}</Td>
                <Td align="right">
                  {!t.revokedAt && (
                    <RevokeButton
                      token={t}
                      onRevoked={(failed) => {
                        setError(failed);
                        router.refresh();
                      }}
                    />
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
