import { describe, expect, it } from "vitest";
import { clientAddress, trustsProxy } from "./address";

describe("client address", () => {
  it("ignores X-Forwarded-For unless the console is told it sits behind a proxy", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" });
    expect(clientAddress(headers, false)).toBe("unknown");
    expect(trustsProxy({ HOTSEAT_TRUST_PROXY: "1" })).toBe(true);
    expect(trustsProxy({})).toBe(false);
  });

  it("behind the proxy takes the address nginx appended, not one the client wrote first", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.9.9.9, 198.51.100.4" }), true)).toBe("198.51.100.4");
    expect(clientAddress({ "x-forwarded-for": " 198.51.100.4 " }, true)).toBe("198.51.100.4");
    expect(clientAddress({ "x-forwarded-for": ["1.1.1.1", "198.51.100.5"] }, true)).toBe("198.51.100.5");
    expect(clientAddress({}, true)).toBe("unknown");
  });
});
