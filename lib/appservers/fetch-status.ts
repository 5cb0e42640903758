/** Status pages are a few hundred bytes; anything this big is not one. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * GET one status page as text within `timeoutMs` (connect, headers and body together) and at
 * most MAX_BODY_BYTES. Throws a short reason: "timed out after 2000 ms", "HTTP 502", "ECONNREFUSED".
 */
export async function fetchStatusPage(url: string, timeoutMs: number): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { signal, redirect: "error", headers: { accept: "application/json, text/plain" }, cache: "no-store" });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`HTTP ${res.status}`);
    }
    const reader = res.body?.getReader();
    if (!reader) return "";
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`answer larger than ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (err) {
    if (signal.aborted) throw new Error(`timed out after ${timeoutMs} ms`);
    const e = err as Error & { cause?: { code?: string } };
    throw new Error(e.cause?.code ?? e.message);
  }
}
