import http from "node:http";
import { expect, labSecrets, test } from "./fixtures";

// The password sign-in against the real `next start`, reached directly (no proxy in front): the
// console takes the client's address from the connection, so a stranger who writes a new
// X-Forwarded-For on every guess stays one address and is throttled there, while the on-call user
// signs in from their own. Each client is its own loopback address (127.x.y.z), so the limits hit
// here never touch the other tests' 127.0.0.1.

const base = new URL(process.env.HOTSEAT_URL ?? `http://127.0.0.1:${process.env.HOTSEAT_E2E_PORT ?? 3100}`);

/** A loopback address of its own (not 127.0.0.1, and not one an earlier run of a reused server throttled). */
function anotherLoopback(): string {
  const byte = () => 1 + Math.floor(Math.random() * 254);
  return `127.${byte()}.${byte()}.${byte()}`;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(from: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path, method, localAddress: from, headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** One password sign-in as next-auth's own form posts it; the error next-auth names, or null when signed in. */
async function signIn(from: string, username: string, password: string, forgedFor?: string): Promise<string | null> {
  const forged: Record<string, string> = forgedFor ? { "x-forwarded-for": forgedFor } : {};
  const csrf = await send(from, "GET", "/api/auth/csrf", forged);
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username, password, json: "true" }).toString();
  const res = await send(from, "POST", "/api/auth/callback/credentials", { ...forged, cookie, "content-type": "application/x-www-form-urlencoded" }, form);
  const signedIn = (res.headers["set-cookie"] ?? []).some((c) => c.startsWith("next-auth.session-token="));
  if (signedIn) return null;
  const { url } = JSON.parse(res.body) as { url: string };
  return new URL(url, base).searchParams.get("error") ?? `no error in ${url}`;
}

async function signInAudit(since: Date): Promise<{ actor: string; ip: string | null; result: string; error: string | null }[]> {
  const res = await send("127.0.0.1", "GET", `/api/audit?action=sign-in&limit=200&since=${since.toISOString()}`, { authorization: `Bearer ${labSecrets().tokens["lab-operator"]}` });
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { entries: { actor: string; ip: string | null; result: string; error: string | null }[] }).entries;
}

test("a forged X-Forwarded-For does not escape the per-user limit, and the on-call user still signs in from elsewhere", async () => {
  const stranger = anotherLoopback();
  const since = new Date(); // a reused server's store keeps earlier runs' rows
  const oncall = anotherLoopback();
  for (let i = 0; i < 5; i++) expect(await signIn(stranger, "oncall", `guess-${i}`, `100.64.7.${i}`)).toBe("CredentialsSignin");
  expect(await signIn(stranger, "oncall", "guess-x", "100.64.7.200")).toMatch(/Too many failed sign-ins/);
  const password = labSecrets().users.oncall;
  expect(await signIn(stranger, "oncall", password, "100.64.7.201")).toMatch(/Too many failed sign-ins/);
  expect(await signIn(oncall, "oncall", password)).toBeNull();

  const entries = await signInAudit(since);
  const forgedIps = entries.filter((e) => /^100\.64\.7\./.test(e.ip ?? ""));
  expect(forgedIps).toEqual([]);
  expect(entries.filter((e) => e.ip === stranger).map((e) => e.result)).toEqual(Array(7).fill("denied"));
  expect(entries.find((e) => e.ip === oncall)).toMatchObject({ actor: "oncall", result: "ok" });
});

test("an address guessing across many usernames is stopped, however it names itself", async () => {
  const stranger = anotherLoopback();
  const since = new Date();
  for (let i = 0; i < 20; i++) expect(await signIn(stranger, `nobody-${i}`, "x", `100.64.8.${i}`)).toBe("CredentialsSignin");
  expect(await signIn(stranger, "nobody-else", "x", "100.64.8.99")).toMatch(/Too many failed sign-ins/);
  // the audit keeps the first ten of this minute, then one row saying more were counted, not logged
  const rows = (await signInAudit(since)).filter((e) => e.ip === stranger);
  expect(rows).toHaveLength(11);
  expect(rows[0].error).toMatch(/further ones are counted, not logged/);
});
