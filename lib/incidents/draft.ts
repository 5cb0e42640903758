import type { Problem, ProblemCode } from "@/lib/topology/types";
import type { ComponentKey, IncidentImpact } from "@/lib/status/types";

/** What "Open an incident" proposes for a critical problem: public words only, no server names. */
export interface IncidentDraft {
  name: string;
  /** the first update, in what customers notice */
  body: string;
  impact: IncidentImpact;
  status: "investigating";
  components: ComponentKey[];
}

/**
 * The problems worth a public incident, and what to tell customers. The impact matches what the
 * status page derives for the same problem (lib/status/derive.ts), so the page agrees with itself.
 */
const DRAFTS: Partial<Record<ProblemCode, Omit<IncidentDraft, "status">>> = {
  no_writer: {
    name: "Changes cannot be saved",
    body: "Orders, sign-ups and other changes cannot be saved at the moment; browsing may still work. We are investigating and will post an update within 15 minutes.",
    impact: "critical",
    components: ["database-writes", "background-jobs", "website"],
  },
  all_replicas_past_cutoff: {
    name: "Pages are slow and recent changes show late",
    body: "Pages may load slowly and recent changes may take a while to appear. Nothing is lost. We are investigating and will post an update within 15 minutes.",
    impact: "major",
    components: ["database-reads", "background-jobs"],
  },
  writer_overloaded: {
    name: "The site is slower than usual",
    body: "Pages and checkout are slower than usual. We are investigating and will post an update within 15 minutes.",
    impact: "minor",
    components: ["database-writes", "website"],
  },
};

/** The prefilled incident for a critical problem that customers feel; null for any other problem. */
export function incidentDraftFor(problem: Pick<Problem, "code" | "severity">): IncidentDraft | null {
  if (problem.severity !== "critical") return null;
  const draft = DRAFTS[problem.code];
  return draft ? { ...draft, components: [...draft.components], status: "investigating" } : null;
}
