/**
 * How the console and the public page write times and durations: UTC, the same text on the
 * server and in the browser (no hydration drift), whoever reads it. Pure functions.
 */

function utcIso(at: string | number | null | undefined): string | null {
  if (at == null || at === "") return null;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "2025-06-02 10:00 UTC", or "2025-06-02 10:00:04 UTC" to the second; "" when unknown. */
export function formatUtc(at: string | number | null | undefined, precision: "minute" | "second" = "minute"): string {
  const iso = utcIso(at);
  return iso ? `${iso.slice(0, precision === "second" ? 19 : 16).replace("T", " ")} UTC` : "";
}

/** "09:15:04": the UTC time of day, for lists that say UTC once in their heading. */
export function formatClock(at: string | number | null | undefined): string {
  return utcIso(at)?.slice(11, 19) ?? "";
}

/** "06-02 09:15:04": day and UTC time, for a stream that spans a day or two. */
export function formatDayClock(at: string | number | null | undefined): string {
  const iso = utcIso(at);
  return iso ? `${iso.slice(5, 10)} ${iso.slice(11, 19)}` : "";
}

/** A `datetime-local` input's value (the browser's local time) as ISO 8601 UTC; null when empty or bad. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const localClock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** "09:15:04" in the reader's own time zone: chart axes, drawn in the browser only. */
export function formatLocalClock(at: number): string {
  return localClock.format(at);
}

/**
 * How long something took or runs, for people: "4s", "2m 05s", "1h 04m", "3d 02h". `pad: false`
 * drops the leading zero of the second unit ("1m 5s", "2h 2m"), as the processlist reads.
 */
export function formatDuration(ms: number, { pad = true }: { pad?: boolean } = {}): string {
  const two = (n: number) => (pad ? String(n).padStart(2, "0") : String(n));
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${two(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${two(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${two(h % 24)}h`;
}

/** Whole seconds as a duration, "—" while unknown (time to detect, mitigate, resolve). */
export function formatSecondsTaken(seconds: number | null): string {
  return seconds == null ? "—" : formatDuration(seconds * 1000);
}
