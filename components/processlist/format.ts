import type { ProcessFlag, ProcessKind } from "@/lib/processlist";
import type { Tone } from "@/components/ui/badge";

export const FLAG_LABEL: Record<ProcessFlag, string> = {
  long_running: "long-running",
  root_user: "root",
  interactive_client: "CLI",
};

export const FLAG_TONE: Record<ProcessFlag, Tone> = {
  long_running: "danger",
  root_user: "warn",
  interactive_client: "warn",
};

export const KIND_TONE: Record<ProcessKind, Tone> = {
  client: "neutral",
  replication: "info",
  system: "accent",
  self: "ok",
};

/** The background that makes a flagged thread stand out, the same in the table and the cards. */
export function flaggedBackground(flags: readonly ProcessFlag[]): string {
  if (flags.includes("long_running")) return "bg-red-950/40";
  return flags.length > 0 ? "bg-amber-950/30" : "";
}
