"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

interface Props {
  /** A same-origin path (the page made sure of it). */
  callbackUrl: string;
  passwordLogin: boolean;
  /** The single sign-on button's provider name; null when none is configured. */
  ssoName: string | null;
  /** Why the last sign-in failed, when the provider sent the browser back here with an error. */
  initialError: string | null;
}

export function LoginForm({ callbackUrl, passwordLogin, ssoName, initialError }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) window.location.assign(callbackUrl);
    else setError(signInErrorMessage(result?.error ?? "CredentialsSignin"));
  }

  async function onSso() {
    setPending(true);
    setError(null);
    // Leaves the page for the provider, or comes back to /login?error=… when it cannot be reached.
    await signIn("oidc", { callbackUrl });
  }

  return (
    <div className="space-y-4">
      {ssoName && (
        <Button type="button" variant={passwordLogin ? "secondary" : "primary"} size="lg" disabled={pending} className="w-full" onClick={onSso}>
          Sign in with {ssoName}
        </Button>
      )}
      {ssoName && passwordLogin && <p className="text-center text-xs uppercase tracking-wide text-slate-400">or with a password</p>}
      {passwordLogin && (
        <form onSubmit={onSubmit} className="space-y-4">
          <label className="block text-sm font-medium">
            Username
            <input name="username" autoComplete="username" required className="mt-1 block w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block text-sm font-medium">
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
            />
          </label>
          <Button type="submit" variant="primary" size="lg" disabled={pending} className="w-full">
            {pending ? "Logging in…" : "Log in"}
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
