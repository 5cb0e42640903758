/**
 * Where to go after signing in: only a path on this site, so a crafted link cannot bounce a
 * freshly signed-in user to another origin.
 */
export function safeCallbackPath(value: string | string[] | undefined | null): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return "/";
  let candidate = raw;
  // next-auth hands back absolute URLs of this site; keep only their path.
  if (/^https?:\/\//i.test(candidate)) {
    try {
      const url = new URL(candidate);
      candidate = `${url.pathname}${url.search}${url.hash}`;
    } catch {
      return "/";
    }
  }
  // Browsers drop tabs and newlines and read "\" as "/", so "/\tevil.example" would be "//evil.example".
  if (!candidate.startsWith("/") || /[\u0000-\u0020\u007f-\u009f\s\\]/.test(candidate)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(candidate, "http://x");
  } catch {
    return "/";
  }
  // Whatever the text looked like, it must still point at this site once a URL parser has read it.
  if (resolved.origin !== "http://x") return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (path.startsWith("//") || path.startsWith("/login") || path.startsWith("/api/auth")) return "/";
  return path;
}

const KNOWN_ERRORS: Record<string, string> = {
  CredentialsSignin: "Wrong username or password.",
  AccessDenied: "This account may not use the console. Ask an admin to grant it a role.",
  SessionRequired: "Sign in to continue.",
  OAuthSignin: "Single sign-on could not start. Try again or use a password.",
  OAuthCallback: "Single sign-on did not complete. Try again or use a password.",
  Callback: "Single sign-on did not complete. Try again or use a password.",
  Configuration: "Sign-in is misconfigured on the server.",
};

/**
 * The message to show for next-auth's `?error=`. Only known texts: a link must not be able to put
 * arbitrary words on the login page.
 */
export function signInErrorMessage(error: string | string[] | undefined | null): string | null {
  const code = Array.isArray(error) ? error[0] : error;
  if (!code) return null;
  if (KNOWN_ERRORS[code]) return KNOWN_ERRORS[code];
  if (/^Too many failed sign-ins\. Try again in \d+ minutes?\.$/.test(code)) return code;
  return "Sign-in failed. Try again.";
}
