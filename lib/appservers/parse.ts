import { z } from "zod";
import type { NginxStatus, PhpFpmStatus } from "./types";

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// php-fpm's JSON status keys, as php-fpm (7.x and 8.x) writes them.
const phpFpmJson = z.object({
  pool: z.string().max(200).optional(),
  "start since": count.optional(),
  "accepted conn": count,
  "listen queue": count,
  "idle processes": count,
  "active processes": count,
  "total processes": count,
  "max children reached": count,
  "slow requests": count.optional(),
});

/** php-fpm's `?json` status page; throws with what is wrong when it is not one. */
export function parsePhpFpmStatus(text: string): PhpFpmStatus {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("not JSON (is ?json on the php-fpm status URL?)");
  }
  const r = phpFpmJson.safeParse(raw);
  if (!r.success) throw new Error(`not a php-fpm status page: ${r.error.issues.map((i) => `${i.path.join(".") || "body"} ${i.message}`).join("; ")}`);
  const d = r.data;
  return {
    pool: d.pool ?? null,
    activeProcesses: d["active processes"],
    idleProcesses: d["idle processes"],
    totalProcesses: d["total processes"],
    listenQueue: d["listen queue"],
    maxChildrenReached: d["max children reached"],
    slowRequests: d["slow requests"] ?? 0,
    acceptedConnections: d["accepted conn"],
    startSince: d["start since"] ?? null,
  };
}

const STUB_STATUS =
  /^Active connections:\s*(\d+)\s*\n\s*server accepts handled requests\s*\n\s*(\d+)\s+(\d+)\s+(\d+)\s*\n\s*Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)\s*$/;

/** nginx's stub_status page; throws when the text is not one. */
export function parseStubStatus(text: string): NginxStatus {
  const m = STUB_STATUS.exec(text.trim());
  if (!m) throw new Error("not an nginx stub_status page");
  const [active, accepts, handled, requests, reading, writing, waiting] = m.slice(1).map(Number);
  if (![active, accepts, handled, requests, reading, writing, waiting].every(Number.isSafeInteger)) throw new Error("stub_status numbers out of range");
  return { active, accepts, handled, requests, reading, writing, waiting };
}

/** Per-second rate of a counter between two reads; null on a reset (restart) or without a previous read. */
export function counterRate(previous: { value: number; at: number } | null, current: { value: number; at: number }): number | null {
  if (!previous) return null;
  const seconds = (current.at - previous.at) / 1000;
  if (seconds <= 0 || current.value < previous.value) return null;
  return (current.value - previous.value) / seconds;
}
