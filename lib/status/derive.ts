import type { TopologyView } from "@/lib/topology/types";
import type { SiteCheck } from "./site-check";
import type { IncidentRecord } from "@/lib/incidents/records";
import type { ComponentKey, ComponentStatus, IncidentImpact, Indicator, OverallState } from "./types";

/**
 * Pure functions: live data -> public component states. They see roles, health and problem codes,
 * never a problem's message (which names servers), so nothing internal can reach the output.
 */

/** Worse first; used to pick the worst of several states. */
const SEVERITY: Record<ComponentStatus, number> = {
  major_outage: 4,
  partial_outage: 3,
  degraded_performance: 2,
  under_maintenance: 1,
  operational: 0,
};

export function worstOf(states: ComponentStatus[]): ComponentStatus {
  return states.reduce<ComponentStatus>((w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w), "operational");
}

/** What a component's state is, and a short public reason (no server names). */
export interface DerivedComponent {
  status: ComponentStatus;
  /** Plain words for the public page; null when all is well. */
  reason: string | null;
}

export interface Override {
  component: ComponentKey;
  status: ComponentStatus;
  note: string | null;
  setBy: string;
  setAt: string;
  /** ISO; null: until cleared */
  until: string | null;
}

export interface DeriveInput {
  topology: TopologyView;
  /** null: no site URL configured, or no check has finished yet */
  site: SiteCheck | null;
  /** Failed site checks in a row, including `site` (one miss is not an outage). */
  siteFailuresInRow: number;
  siteSlowMs: number;
  /** the clusters the database components follow; null or absent: every cluster */
  clusters?: readonly string[] | null;
  maintenanceEnabled: boolean;
  overrides: Override[];
  /** Open incidents' impact and the components they name (none named: all of them). */
  openIncidents: OpenIncidentImpact[];
  now: number;
}

export interface OpenIncidentImpact {
  impact: IncidentImpact;
  components: ComponentKey[];
}

/** What an open incident's impact means for a component it names. */
export const IMPACT_STATUS: Record<IncidentImpact, ComponentStatus> = {
  none: "operational",
  minor: "degraded_performance",
  major: "partial_outage",
  critical: "major_outage",
};

/** The open incidents of a list of records, as deriveComponents reads them. */
export function openIncidentImpacts(records: readonly IncidentRecord[]): OpenIncidentImpact[] {
  return records.filter((r) => r.status !== "resolved").map((r) => ({ impact: r.impact, components: [...(r.updates[0]?.components ?? [])] }));
}

/** The writer: reachable and accepting writes; overloaded means slow. */
export function deriveDatabaseWrites(topology: TopologyView): DerivedComponent {
  const codes = new Set(topology.problems.map((p) => p.code));
  if (codes.has("no_writer")) return { status: "major_outage", reason: "Writes are failing." };
  if (codes.has("multiple_writers")) return { status: "partial_outage", reason: "Writes are at risk; we are on it." };
  if (codes.has("writer_overloaded") || writerProblem(topology, "connections_near_max")) {
    return { status: "degraded_performance", reason: "Writes are slower than usual." };
  }
  return { status: "operational", reason: null };
}

/** Reads go to replicas within the lag cutoff; without any, they fall back to the writer. */
export function deriveDatabaseReads(topology: TopologyView): DerivedComponent {
  const writer = topology.servers.find((s) => s.id === topology.writer && s.reachable);
  const replicas = topology.servers.filter((s) => s.role === "replica" || s.role === "co-master");
  const eligible = replicas.filter((s) => s.readEligible);
  if (!writer && eligible.length === 0) return { status: "major_outage", reason: "Reads are failing." };
  if (replicas.length === 0) {
    return writer && !isOverloaded(topology)
      ? { status: "operational", reason: null }
      : { status: "degraded_performance", reason: "Reads are slower than usual." };
  }
  if (eligible.length === 0) {
    // All reads land on the writer: they work, but the writer is at risk of overload.
    return { status: "partial_outage", reason: "Reads are served from a reduced pool; pages may be slow." };
  }
  if (eligible.length < replicas.length) {
    return { status: "degraded_performance", reason: "Some read capacity is unavailable." };
  }
  return { status: "operational", reason: null };
}

/** Batch jobs write to the writer and read only from replicas within the cutoff, else they wait. */
export function deriveBackgroundJobs(topology: TopologyView): DerivedComponent {
  const writes = deriveDatabaseWrites(topology);
  if (writes.status === "major_outage") return { status: "major_outage", reason: "Background jobs are stopped." };
  const replicas = topology.servers.filter((s) => s.role === "replica" || s.role === "co-master");
  const eligible = replicas.filter((s) => s.readEligible);
  if (replicas.length > 0 && eligible.length === 0) {
    return { status: "partial_outage", reason: "Background jobs are delayed." };
  }
  if (writes.status !== "operational" || eligible.length < replicas.length) {
    return { status: "degraded_performance", reason: "Background jobs are running slower than usual." };
  }
  return { status: "operational", reason: null };
}

/** The site as a visitor sees it; without a check it follows the databases it needs. */
export function deriveWebsite(input: Pick<DeriveInput, "site" | "siteFailuresInRow" | "siteSlowMs">, databases: ComponentStatus): DerivedComponent {
  const { site } = input;
  if (!site) {
    const status = databases === "under_maintenance" ? "operational" : databases;
    return { status, reason: status === "operational" ? null : "The website may be affected." };
  }
  if (site.httpStatus == null || site.httpStatus >= 500) {
    // A single miss (a restart, a dropped packet) is shown as degraded, not as an outage.
    return input.siteFailuresInRow >= 2
      ? { status: "major_outage", reason: "The website is not responding." }
      : { status: "degraded_performance", reason: "The website is responding intermittently." };
  }
  if (site.httpStatus >= 400) return { status: "partial_outage", reason: "Some pages of the website are failing." };
  if (site.latencyMs > input.siteSlowMs) return { status: "degraded_performance", reason: "The website is slower than usual." };
  return { status: "operational", reason: null };
}

/**
 * Every component's state, by the rule written on /status/about (HEADLINE_RULE): live, or under
 * maintenance while the app is paused on purpose; raised by an open incident naming it; an
 * operator's override wins over all of these.
 */
/**
 * The topology one cluster at a time (its servers, problems, writer and cutoff), for the clusters
 * listed, or all; a view without clusters is one as it stands.
 */
export function clusterTopologies(topology: TopologyView, ids?: readonly string[] | null): TopologyView[] {
  if (topology.clusters.length === 0) return [topology];
  return topology.clusters
    .filter((c) => !ids || ids.includes(c.id))
    .map((c) => ({
      ...topology,
      writer: c.writer,
      lagCutoffSeconds: c.lagCutoffSeconds,
      clusters: [c],
      servers: topology.servers.filter((s) => s.clusterId === c.id),
      problems: topology.problems.filter((p) => p.clusterId === c.id),
    }));
}

/** The worst of one component's state across clusters (the first such cluster's reason). */
function worstAcross(views: readonly TopologyView[], derive: (t: TopologyView) => DerivedComponent): DerivedComponent {
  return views.map(derive).reduce<DerivedComponent>((w, d) => (SEVERITY[d.status] > SEVERITY[w.status] ? d : w), { status: "operational", reason: null });
}

export function deriveComponents(input: DeriveInput): Record<ComponentKey, DerivedComponent> {
  const views = clusterTopologies(input.topology, input.clusters);
  const writes = worstAcross(views, deriveDatabaseWrites);
  const reads = worstAcross(views, deriveDatabaseReads);
  const jobs = worstAcross(views, deriveBackgroundJobs);
  const website = deriveWebsite(input, worstOf([writes.status, reads.status]));
  const live: Record<ComponentKey, DerivedComponent> = {
    website,
    "database-writes": writes,
    "database-reads": reads,
    "background-jobs": jobs,
  };
  const out = {} as Record<ComponentKey, DerivedComponent>;
  for (const key of Object.keys(live) as ComponentKey[]) {
    const override = activeOverride(input.overrides, key, input.now);
    if (override) out[key] = { status: override.status, reason: override.note };
    else out[key] = raisedByIncidents(input.maintenanceEnabled ? { status: "under_maintenance", reason: "Maintenance in progress." } : live[key], key, input.openIncidents);
  }
  return out;
}

/** A component is never shown better than an open incident naming it says. */
function raisedByIncidents(base: DerivedComponent, key: ComponentKey, incidents: readonly OpenIncidentImpact[]): DerivedComponent {
  const named = incidents.filter((i) => i.components.length === 0 || i.components.includes(key)).map((i) => IMPACT_STATUS[i.impact]);
  const raised = worstOf(named);
  return SEVERITY[raised] > SEVERITY[base.status] ? { status: raised, reason: "See the open incident above." } : base;
}

export function activeOverride(overrides: Override[], key: ComponentKey, now: number): Override | null {
  return overrides.find((o) => o.component === key && (o.until == null || Date.parse(o.until) > now)) ?? null;
}

const INDICATOR_OF: Record<ComponentStatus, Indicator> = {
  operational: "none",
  // The v2 indicator has no maintenance value, and visitors cannot use the site.
  under_maintenance: "minor",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

export const HEADLINES: Record<OverallState, string> = {
  operational: "All systems operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
};

/** The rule behind the headline, in the words /status/about shows: one list, one source. */
export const HEADLINE_RULE: readonly string[] = [
  "Each component shows what we measure live, every few seconds: the databases behind it and a check of the website. While maintenance is on, every component is under maintenance.",
  "An open incident raises the components it names (all of them if it names none) to its impact: minor means degraded performance, major a partial outage, critical a major outage. It never makes a component look better than measured.",
  "An engineer can pin a component to a state when the live state is wrong or not the whole story; a pin wins until it is cleared or expires.",
  "The headline is the worst component, in this order: major outage, partial outage, degraded performance, under maintenance. When every component is operational, it reads \u201cAll systems operational\u201d.",
];

/**
 * The page's overall state: the worst component (HEADLINE_RULE). Incidents count through the
 * components they raise, so the headline never names a state that no component shows.
 */
export function overallState(components: ComponentStatus[]): { state: OverallState; indicator: Indicator; description: string } {
  const state = worstOf(components);
  return { state, indicator: INDICATOR_OF[state], description: HEADLINES[state] };
}

function writerProblem(topology: TopologyView, code: string): boolean {
  return topology.problems.some((p) => p.code === code && p.serverId != null && p.serverId === topology.writer);
}

function isOverloaded(topology: TopologyView): boolean {
  return topology.problems.some((p) => p.code === "writer_overloaded") || writerProblem(topology, "connections_near_max");
}
