/**
 * The codes a failed sign-in comes back with (next-auth's own, and ours) and what the login page
 * says for each. Pure and free of server imports: the login form shows them in the browser.
 */
export const NO_ROLE = "NoRole";
const RATE_LIMITED = "RateLimited";

/** The code for a refused password sign-in: how long until the next try is allowed. */
export const rateLimitedCode = (seconds: number) => `${RATE_LIMITED}-${seconds}`;

export function signInErrorMessage(code: string | null | undefined, providerName = "single sign-on"): string | null {
  if (!code) return null;
  const limited = new RegExp(`^${RATE_LIMITED}-(\\d+)$`).exec(code);
  if (limited) return `Too many failed sign-ins. Try again in ${limited[1]} s.`;
  switch (code) {
    case "CredentialsSignin":
      return "Wrong username or password.";
    case NO_ROLE:
      return `Your ${providerName} account has no role in JetStream Watch: none of its groups is mapped to one. Ask an admin to add you to one.`;
    case "OAuthSignin":
      return `Could not reach ${providerName} to start signing in. Try again later, or tell an admin if it persists.`;
    case "OAuthCallback":
    case "Callback":
      return `${providerName} answered, but the answer could not be verified, so you were not signed in. Try again.`;
    case "AccessDenied":
      return "You may not sign in here.";
    case "Configuration":
    case "configuration":
      return "Sign-in is not set up correctly on the server; its log says why.";
    case "SessionRequired":
      return "Sign in to see this page.";
    default:
      return "Sign-in failed. Try again.";
  }
}
