import { currentStatus } from "@/lib/status";

export const dynamic = "force-dynamic";

// GET /status – the public status page: no sign-in, one self-contained HTML document rendered by
// the status cache every few seconds, so a crowd here costs a string copy per request and no query.
export async function GET(): Promise<Response> {
  try {
    const status = await currentStatus();
    return new Response(status.statusHtml, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "public, max-age=5, stale-while-revalidate=30",
        etag: status.etag,
      },
    });
  } catch (err) {
    console.error("[hotseat] status page failed:", err instanceof Error ? err.message : err);
    return new Response("<!doctype html><title>Status unavailable</title><p>The status page is starting or unavailable; try again in a few seconds.</p>", {
      status: 503,
      headers: { "content-type": "text/html; charset=utf-8", "retry-after": "5", "cache-control": "no-store" },
    });
  }
}
