import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import net from "node:net";
import { getConfig } from "@/lib/config";
import { processSlot } from "@/lib/process-singleton";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The header that carries the client address the connection showed, set on every request by the
 * HTTP server's own request hook below, before Next sees the request. A client may send a header
 * of that name too: the hook overwrites it, so its value is never the client's word.
 */
export const CLIENT_ADDRESS_HEADER = "x-hotseat-client-address";

/** True when HOTSEAT_TRUST_PROXY=1: a reverse proxy on this host (nginx) forwards the clients. */
export function trustsProxy(env: Record<string, string | undefined> = process.env): boolean {
  return env.HOTSEAT_TRUST_PROXY === "1";
}

/**
 * The proxies whose X-Forwarded-For is believed: `auth.trustedProxies` (addresses or CIDR ranges),
 * and the loopback addresses when HOTSEAT_TRUST_PROXY=1 (nginx on the same host).
 */
export function trustedProxies(list: readonly string[] = getConfig().auth.trustedProxies, env: Record<string, string | undefined> = process.env): net.BlockList {
  const trusted = new net.BlockList();
  const add = (entry: string) => {
    const [address, prefix] = entry.split("/");
    const type = net.isIPv6(address) ? "ipv6" : "ipv4";
    if (prefix === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(prefix), type);
  };
  for (const entry of list) add(entry);
  if (trustsProxy(env)) ["127.0.0.0/8", "::1"].forEach(add);
  return trusted;
}

/** "::ffff:10.0.0.1" (IPv4 on an IPv6 socket) is 10.0.0.1; anything but an address is null. */
function plainAddress(value: string | undefined): string | null {
  const v = value?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return v && net.isIP(v) ? v : null;
}

function isTrusted(trusted: net.BlockList, address: string): boolean {
  return trusted.check(address, net.isIPv6(address) ? "ipv6" : "ipv4");
}

/**
 * The client of one connection: the peer's address, unless the peer is a trusted proxy; then the
 * X-Forwarded-For entries from the right, past the trusted proxies (each proxy appends the address
 * it saw; entries further left are whatever the client wrote).
 */
export function addressOfConnection(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: net.BlockList): string {
  let client = plainAddress(peer);
  if (!client) return "unknown";
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",");
  while (isTrusted(trusted, client) && hops.length) {
    const hop = hops.pop()!;
    if (!hop.trim()) continue;
    const next = plainAddress(hop);
    if (!next) return "unknown"; // a trusted proxy passed on something that is not an address
    client = next;
  }
  return client;
}

const addressHook = processSlot<boolean>("__hotseatClientAddressHook");

/**
 * Stamp every request this process's HTTP server receives with the client address of its
 * connection. Next 16 route handlers never see the socket (NextRequest has no ip), and the
 * X-Forwarded-For that Next fills in from it keeps one the client sent; Node's
 * `http.server.request.start` diagnostics channel runs before the request reaches Next.
 */
export function stampClientAddresses(): void {
  if (addressHook.get()) return;
  addressHook.set(true);
  let trusted: net.BlockList | null = null;
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    try {
      trusted ??= trustedProxies();
      request.headers[CLIENT_ADDRESS_HEADER] = addressOfConnection(request.socket?.remoteAddress, request.headers["x-forwarded-for"], trusted);
    } catch {
      request.headers[CLIENT_ADDRESS_HEADER] = "unknown"; // no config yet: the request fails on its own
    }
  });
}

function headerOf(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  // several header lines are one comma-separated list
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's address for rate limiting and the audit log: the one the connection showed (see
 * stampClientAddresses). A request that never came through this process's HTTP server (a handler
 * called in-process, in tests) has no connection: then, behind a trusted proxy
 * (HOTSEAT_TRUST_PROXY=1), the last X-Forwarded-For entry, else "unknown".
 */
export function clientAddress(headers: HeaderSource, trustProxy: boolean = trustsProxy()): string {
  if (addressHook.get()) return headerOf(headers, CLIENT_ADDRESS_HEADER) ?? "unknown";
  if (!trustProxy) return "unknown";
  const entries = (headerOf(headers, "x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return entries[entries.length - 1] ?? "unknown";
}
