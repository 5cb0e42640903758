import { getMaintenance, listWindows } from "@/lib/maintenance";
import type { Store } from "@/lib/store";

/** What the status page needs of maintenance (lib/maintenance): the switch and the windows. */
export interface MaintenanceView {
  enabled: boolean;
  message: string | null;
  since: string | null;
  until: string | null;
  windows: { id: number; startsAt: string; endsAt: string; message: string | null; status: "upcoming" | "active" | "ended" | "cancelled" }[];
}

/** Both read from the console's store: no query to any MySQL server. */
export async function readMaintenance(now = new Date(), db?: Store): Promise<MaintenanceView> {
  const [state, windows] = await Promise.all([getMaintenance(now, db), listWindows(now, { recent: 5 }, db)]);
  return {
    enabled: state.enabled,
    message: state.message,
    since: state.since,
    until: state.until,
    windows: windows.map((w) => ({ id: w.id, startsAt: w.startsAt, endsAt: w.endsAt, message: w.message, status: w.status })),
  };
}
