const SECRET_KEY = /pass|secret|token|authorization|cookie|credential|api[-_]?key/i;
const MAX_PARAMS_JSON = 4000;

/** A copy of an action's parameters fit for the audit log: secrets masked, size bounded. */
export function redactParams(params: unknown, depth = 0): unknown {
  if (params === null || params === undefined) return params;
  if (depth > 5) return "[nested]";
  if (Array.isArray(params)) return params.slice(0, 50).map((v) => redactParams(v, depth + 1));
  if (typeof params === "object") {
    const out: Record<string, unknown> = {};
    // at most 50 keys, as arrays keep 50 items: a body of a million keys costs no more than this
    let kept = 0;
    for (const key in params) {
      if (!Object.hasOwn(params, key)) continue;
      if (kept++ === 50) break;
      const value = (params as Record<string, unknown>)[key];
      out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactParams(value, depth + 1);
    }
    return out;
  }
  if (typeof params === "string" && params.length > 1000) return `${params.slice(0, 1000)}…`;
  return params;
}

/** Serialise redacted parameters, truncating what would bloat the log. */
export function paramsToJson(params: Record<string, unknown> | null | undefined): string | null {
  if (!params || Object.keys(params).length === 0) return null;
  const json = JSON.stringify(redactParams(params));
  return json.length > MAX_PARAMS_JSON ? JSON.stringify({ truncated: json.slice(0, MAX_PARAMS_JSON) }) : json;
}
