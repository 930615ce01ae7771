import type { Metadata } from "next";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { getConfig } from "@/lib/config";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { passwordLogin, oidc } = getConfig();
  const error = Array.isArray(params.error) ? params.error[0] : params.error;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">JetStream Watch</h1>
        <p className="mb-6 text-sm text-slate-500">Log in to see your NATS clusters.</p>
        <LoginForm
          callbackUrl={safeCallbackPath(params.callbackUrl)}
          passwordLogin={passwordLogin}
          ssoName={oidc?.name ?? null}
          initialError={signInErrorMessage(error, oidc?.name)}
        />
      </div>
    </main>
  );
}
