import { z } from "zod";
import { PROCESS_KINDS, type ProcessView } from "./types";

const text = z.string().trim().max(200).optional().transform((v) => (v ? v : undefined));

/** GET /api/processlist query: every filter optional; `server` picks one server, else the whole fleet. */
export const processlistQuerySchema = z.object({
  server: text,
  user: text,
  host: text,
  db: text,
  command: text,
  /** Minimum Time in seconds. */
  minTime: z.coerce.number().min(0, "minTime must be 0 or more").max(10 * 365 * 86400).optional(),
  /** Substring of the statement text (case-insensitive). */
  text,
  kind: z.enum(PROCESS_KINDS as [string, ...string[]]).optional(),
});

export type ProcesslistFilters = z.output<typeof processlistQuerySchema>;

const contains = (value: string | null, needle: string | undefined) =>
  needle === undefined || (value ?? "").toLowerCase().includes(needle.toLowerCase());

/**
 * Does this thread pass every filter that is set? user/host/db/text match as case-insensitive
 * substrings. A minimum time asks for long statements: unless a kind or command is asked for too,
 * it keeps client threads only, and no sleeping sessions.
 */
export function matchesFilters(p: ProcessView, f: ProcesslistFilters): boolean {
  if (f.server !== undefined && p.serverId !== f.server) return false;
  if (f.command !== undefined && p.command.toLowerCase() !== f.command.toLowerCase()) return false;
  if (f.kind !== undefined && p.kind !== f.kind) return false;
  if (f.minTime !== undefined) {
    if (p.timeSeconds < f.minTime) return false;
    if (f.kind === undefined && p.kind !== "client") return false;
    if (f.command === undefined && p.command.toLowerCase() === "sleep") return false;
  }
  return contains(p.user, f.user) && contains(p.host, f.host) && contains(p.db, f.db) && contains(p.info, f.text);
}

/** Longest-running first; ties by server then thread id, so the table does not jump between polls. */
export function byTimeDescending(a: ProcessView, b: ProcessView): number {
  return b.timeSeconds - a.timeSeconds || a.serverId.localeCompare(b.serverId) || a.id - b.id;
}

/** Client statements first (what on-call acts on), then replication, system and the console's own; each longest first. */
const KIND_RANK: Record<ProcessView["kind"], number> = { client: 0, replication: 1, system: 2, self: 3 };

export function byKindThenTime(a: ProcessView, b: ProcessView): number {
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || byTimeDescending(a, b);
}

export function filterAndSort(processes: ProcessView[], f: ProcesslistFilters): ProcessView[] {
  return processes.filter((p) => matchesFilters(p, f)).sort(byKindThenTime);
}

/**
 * What the page shows open and what it folds: client threads open, the rest (replication, system,
 * the console's own) folded; unless a kind is asked for, or no client thread is there to put
 * first: then the whole list is open.
 */
export function foldBackground<T extends Pick<ProcessView, "kind">>(processes: readonly T[], kind: string | undefined): { open: T[]; folded: T[] } {
  const open = processes.filter((p) => p.kind === "client");
  if (kind || open.length === 0) return { open: [...processes], folded: [] };
  return { open, folded: processes.filter((p) => p.kind !== "client") };
}
