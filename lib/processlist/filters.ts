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

/** Does this thread pass every filter that is set? user/host/db/text match as case-insensitive substrings. */
export function matchesFilters(p: ProcessView, f: ProcesslistFilters): boolean {
  if (f.server !== undefined && p.serverId !== f.server) return false;
  if (f.command !== undefined && p.command.toLowerCase() !== f.command.toLowerCase()) return false;
  if (f.kind !== undefined && p.kind !== f.kind) return false;
  if (f.minTime !== undefined && p.timeSeconds < f.minTime) return false;
  return contains(p.user, f.user) && contains(p.host, f.host) && contains(p.db, f.db) && contains(p.info, f.text);
}

/** Longest-running first; ties by server then thread id, so the table does not jump between polls. */
export function byTimeDescending(a: ProcessView, b: ProcessView): number {
  return b.timeSeconds - a.timeSeconds || a.serverId.localeCompare(b.serverId) || a.id - b.id;
}

export function filterAndSort(processes: ProcessView[], f: ProcesslistFilters): ProcessView[] {
  return processes.filter((p) => matchesFilters(p, f)).sort(byTimeDescending);
}
