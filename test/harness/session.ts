/** Signing in to the dashboard over HTTP as a browser would (next-auth's credentials flow), for API tests. */
import { httpsGet, httpsRequest, type HttpsResponse } from "./http";

const cookiesOf = (response: HttpsResponse) => (response.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]);

/** The Cookie header of a session for `username` and where the sign-in sent the browser; throws with the answer when it is refused. */
export async function signIn(baseUrl: string, username: string, password: string, options: { ca?: Buffer } = {}): Promise<{ cookie: string; location: string }> {
  const csrf = await httpsGet(`${baseUrl}/api/auth/csrf`, options);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const login = await httpsRequest(`${baseUrl}/api/auth/callback/credentials`, {
    ...options,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${baseUrl}/` }).toString(),
  });
  const session = [...cookiesOf(csrf), ...cookiesOf(login)].join("; ");
  if (login.status !== 302 || !/session-token=/.test(session)) {
    throw new Error(`sign-in of ${username} refused: HTTP ${login.status} → ${login.headers.location ?? ""} ${login.body.slice(0, 200)}`);
  }
  return { cookie: session, location: String(login.headers.location) };
}
