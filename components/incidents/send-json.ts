/** A same-origin JSON request from the console; the answer's error message when it fails. */
export async function sendJson(url: string, method: "POST" | "PUT" | "DELETE", body?: unknown): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.ok) return { ok: true };
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: answer?.error?.message ?? `HTTP ${res.status}` };
  } catch {
    return { ok: false, message: "The console did not answer; try again" };
  }
}
