import { getMaintenance, listWindows } from "@/lib/maintenance";

/** What the status page needs of maintenance (lib/maintenance): the switch and the windows. */
export interface MaintenanceView {
  enabled: boolean;
  message: string | null;
  since: string | null;
  until: string | null;
  windows: { id: number; startsAt: string; endsAt: string; message: string | null; status: "upcoming" | "active" | "ended" | "cancelled" }[];
}

/** Both read from the console's SQLite store: no query to any MySQL server. */
export function readMaintenance(now = new Date()): MaintenanceView {
  const state = getMaintenance(now);
  const windows = listWindows(now, { recent: 5 }).map((w) => ({
    id: w.id,
    startsAt: w.startsAt,
    endsAt: w.endsAt,
    message: w.message,
    status: w.status,
  }));
  return { enabled: state.enabled, message: state.message, since: state.since, until: state.until, windows };
}
