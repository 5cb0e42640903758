/** One moment of an incident's story, whatever its source. */
export interface TimelineEntry {
  /** ISO 8601 UTC */
  at: string;
  kind: "alert.firing" | "alert.resolved" | "action" | "failover.step" | "incident.opened" | "incident.update";
  /** one line for people, in words: "Alert fired: Replication stopped on db4" */
  title: string;
  detail: string | null;
  /** who did it; "hotseat" for alerts */
  actor: string;
  serverId: string | null;
  /** ok, refused, error for actions; critical/warning for alerts; the update's status for incident updates */
  tag: string | null;
  /** what it was: "kill", "maintenance.set", "replication_stopped", ... */
  code: string;
  /** stable id for React keys and de-duplication */
  id: string;
  /** a mitigating action (maintenance on, kill, failover) that succeeded */
  mitigation: boolean;
}
