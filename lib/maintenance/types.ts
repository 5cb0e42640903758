/** What GET /api/maintenance answers (the README's API contract): the effective state, manual switch or schedule. */
export interface MaintenanceState {
  enabled: boolean;
  /** What visitors are told; null when off or when no message was given. */
  message: string | null;
  /** When maintenance began (ISO 8601 UTC); null when off. */
  since: string | null;
  /** The announced end (ISO 8601 UTC); null when off or open-ended. */
  until: string | null;
  /** Who turned it on: the operator's switch, or a scheduled window; null when off. */
  source: "manual" | "schedule" | null;
  /** The scheduled window in force, when source is "schedule". */
  windowId: number | null;
}

/** A scheduled maintenance window: on at startsAt, off at endsAt, by itself. */
export interface MaintenanceWindow {
  id: number;
  startsAt: string;
  endsAt: string;
  message: string | null;
  createdAt: string;
  createdBy: string;
  cancelledAt: string | null;
  cancelledBy: string | null;
  /** relative to the time asked about */
  status: "upcoming" | "active" | "ended" | "cancelled";
}

export const MAINTENANCE_OFF: MaintenanceState = {
  enabled: false,
  message: null,
  since: null,
  until: null,
  source: null,
  windowId: null,
};
