import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./csrf";

const url = "http://127.0.0.1:3400/api/maintenance";
const h = (init: Record<string, string>) => new Headers(init);

describe("same-origin check for cookie sessions", () => {
  it("accepts the console's own origin", () => {
    expect(isSameOrigin(h({ host: "127.0.0.1:3400", origin: "http://127.0.0.1:3400", "sec-fetch-site": "same-origin" }), url)).toBe(true);
    expect(isSameOrigin(h({ host: "127.0.0.1:3400", referer: "http://127.0.0.1:3400/audit" }), url)).toBe(true);
  });
  it("refuses another origin, a cross-site fetch, and a request with neither Origin nor Referer", () => {
    expect(isSameOrigin(h({ host: "127.0.0.1:3400", origin: "http://evil.example" }), url)).toBe(false);
    expect(isSameOrigin(h({ host: "127.0.0.1:3400", origin: "http://127.0.0.1:3400", "sec-fetch-site": "cross-site" }), url)).toBe(false);
    expect(isSameOrigin(h({ host: "127.0.0.1:3400" }), url)).toBe(false);
    expect(isSameOrigin(h({ host: "127.0.0.1:3400", origin: "null" }), url)).toBe(false);
  });
  it("follows the public host behind a reverse proxy and NEXTAUTH_URL", () => {
    const headers = h({ host: "127.0.0.1:3400", "x-forwarded-host": "hotseat.example", "x-forwarded-proto": "https", origin: "https://hotseat.example" });
    expect(isSameOrigin(headers, url)).toBe(true);
    expect(isSameOrigin(h({ host: "internal:3400", origin: "https://console.example" }), url, ["https://console.example/"])).toBe(true);
  });
});
