import { describe, expect, it } from "vitest";
import { addressOfConnection, clientAddress, trustedProxies, trustsProxy } from "./address";

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

describe("client address of a connection", () => {
  const none = trustedProxies([], {});
  const nginx = trustedProxies([], { HOTSEAT_TRUST_PROXY: "1" });
  const lan = trustedProxies(["10.0.0.0/8", "2001:db8::1"], {});

  it("reached directly: the peer's address, whatever X-Forwarded-For claims", () => {
    expect(addressOfConnection("198.51.100.7", "203.0.113.1", none)).toBe("198.51.100.7");
    expect(addressOfConnection("::ffff:198.51.100.7", undefined, none)).toBe("198.51.100.7");
    expect(addressOfConnection("127.0.0.1", "203.0.113.1", none)).toBe("127.0.0.1");
    expect(addressOfConnection(undefined, "203.0.113.1", none)).toBe("unknown");
  });

  it("through a trusted proxy: the entry it appended; through several, the first untrusted from the right", () => {
    expect(addressOfConnection("127.0.0.1", "6.6.6.6, 198.51.100.4", nginx)).toBe("198.51.100.4");
    expect(addressOfConnection("::1", ["6.6.6.6", "198.51.100.5"], nginx)).toBe("198.51.100.5");
    expect(addressOfConnection("10.1.2.3", "6.6.6.6, 198.51.100.4, 10.9.9.9", lan)).toBe("198.51.100.4");
    expect(addressOfConnection("2001:db8::1", "2001:db8::77", lan)).toBe("2001:db8::77");
    // a trusted proxy that sent none: the proxy itself; garbage: unknown
    expect(addressOfConnection("127.0.0.1", undefined, nginx)).toBe("127.0.0.1");
    expect(addressOfConnection("127.0.0.1", "not-an-address", nginx)).toBe("unknown");
  });

  it("an untrusted peer cannot borrow a trusted proxy's word", () => {
    expect(addressOfConnection("198.51.100.9", "127.0.0.1, 10.0.0.1", lan)).toBe("198.51.100.9");
  });
});
