/**
 * Headers of the public status answers: short shared caching (the cache behind them refreshes
 * every few seconds anyway) and open CORS, as Statuspage's API has, for widgets on other sites.
 */
export function publicHeaders(contentType: string, etag: string): HeadersInit {
  return {
    "content-type": contentType,
    "cache-control": "public, max-age=5, stale-while-revalidate=30",
    "access-control-allow-origin": "*",
    etag,
  };
}
