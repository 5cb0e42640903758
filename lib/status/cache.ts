import { listIncidents, type IncidentRecord } from "@/lib/incidents/records";
import type { TopologyView } from "@/lib/topology/types";
import { renderBadge, renderFavicon } from "./badge";
import { deriveComponents, openIncidentImpacts, type DerivedComponent } from "./derive";
import { recordSpan, readHistory } from "./history";
import { renderStatusHtml } from "./html";
import type { MaintenanceView } from "./maintenance-source";
import { buildStatusModel } from "./model";
import { listOverrides } from "./overrides";
import { checkSite, type SiteCheck } from "./site-check";
import type { StatusSettings } from "./settings";
import { COMPONENT_KEYS, type ComponentKey, type ComponentStatus, type StatusJson, type StatusModel } from "./types";

export interface StatusCacheDeps {
  settings: StatusSettings;
  /** The collector's analysed view: memory only, no query. */
  topology: () => TopologyView;
  /** True once the collector has polled every server at least once. */
  collectorReady: () => boolean;
  maintenance: (now: Date) => MaintenanceView;
  now?: () => number;
}

/** One rebuild's output, serialised once so that every request only copies a string. */
export interface StatusArtifacts {
  model: StatusModel;
  summaryJson: string;
  statusJson: string;
  badgeSvg: string;
  faviconSvg: string;
  /** The public page, a whole HTML document, encoded once so a request does not re-encode it. */
  statusHtml: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Longest gap counted into the daily history: a stopped process is not an outage of anything. */
const MAX_RECORD_GAP_FACTOR = 3;
const READY_WAIT_MS = 4000;

/**
 * The public status, rebuilt every few seconds in the server process from the collector's memory,
 * one HTTP check of the site, and the console's SQLite store. A crowd on /status reads the last
 * build: it adds no query to any MySQL server, and not even a SQLite read.
 */
export class StatusCache {
  private artifacts: StatusArtifacts | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private site: SiteCheck | null = null;
  private siteFailuresInRow = 0;
  private lastStates: Record<ComponentKey, ComponentStatus> | null = null;
  private readonly changedAt: Partial<Record<ComponentKey, string>> = {};
  private lastRecordedAt: number | null = null;
  /** the incidents as last read from the store: every refresh reads them again */
  private incidents: IncidentRecord[] = [];
  private readonly since: string;
  private readonly now: () => number;

  constructor(private readonly deps: StatusCacheDeps) {
    this.now = deps.now ?? Date.now;
    this.since = new Date(this.now()).toISOString();
  }

  /** Start the refresh loop (idempotent); it never keeps the process alive on its own. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(logRefreshError), this.deps.settings.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The latest build; the first call waits for one. */
  async current(): Promise<StatusArtifacts> {
    this.start();
    if (!this.artifacts) await this.refresh();
    return this.artifacts!;
  }

  /** Check the site, then rebuild. Concurrent calls share one run. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        if (this.deps.settings.siteUrl) {
          this.site = await checkSite(this.deps.settings.siteUrl, this.deps.settings.siteTimeoutMs);
          const failed = this.site.httpStatus == null || this.site.httpStatus >= 500;
          this.siteFailuresInRow = failed ? this.siteFailuresInRow + 1 : 0;
        }
        await this.waitForCollector();
        this.incidents = await listIncidents({ limit: 20 });
        this.rebuild(true);
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /**
   * Rebuild now from what is known (after an operator's change), without checking the site again;
   * then once more with the incidents read again from the store, which the promise waits for.
   */
  invalidate(): Promise<void> {
    try {
      // before the first build the incidents are not read yet: nothing to serve at once
      if (this.artifacts) this.rebuild(false);
    } catch (err) {
      logRefreshError(err);
    }
    return listIncidents({ limit: 20 })
      .then((incidents) => {
        this.incidents = incidents;
        this.rebuild(false);
      })
      .catch(logRefreshError);
  }

  private async waitForCollector(): Promise<void> {
    const deadline = this.now() + READY_WAIT_MS;
    while (!this.deps.collectorReady() && this.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  private rebuild(record: boolean): void {
    const now = this.now();
    const maintenance = this.deps.maintenance(new Date(now));
    const ready = this.deps.collectorReady();
    const incidents = this.incidents;
    const components = deriveComponents({
      topology: this.deps.topology(),
      site: this.site,
      siteFailuresInRow: this.siteFailuresInRow,
      siteSlowMs: this.deps.settings.siteSlowMs,
      clusters: this.deps.settings.clusters,
      maintenanceEnabled: maintenance.enabled,
      overrides: listOverrides(now),
      openIncidents: openIncidentImpacts(incidents),
      now,
    });
    const states = statesOf(components);
    if (record && ready) this.recordHistory(now);
    for (const key of COMPONENT_KEYS) {
      if (this.lastStates && this.lastStates[key] !== states[key]) this.changedAt[key] = new Date(now).toISOString();
    }
    this.lastStates = states;

    const model = buildStatusModel({
      settings: this.deps.settings,
      components,
      changedAt: this.changedAt,
      since: this.since,
      incidents,
      maintenance,
      history: readHistory(COMPONENT_KEYS, now),
      now,
    });
    const statusJson: StatusJson = { page: model.summary.page, status: model.summary.status };
    this.artifacts = {
      model,
      summaryJson: JSON.stringify(model.summary),
      statusJson: JSON.stringify(statusJson),
      badgeSvg: renderBadge(model.overall, model.headline),
      faviconSvg: renderFavicon(model.overall),
      statusHtml: new TextEncoder().encode(renderStatusHtml(model)),
      etag: `"${now.toString(36)}"`,
    };
  }

  /** The states that held since the last record count toward today's bars. */
  private recordHistory(now: number): void {
    const maxGap = this.deps.settings.refreshMs * MAX_RECORD_GAP_FACTOR;
    if (this.lastRecordedAt != null && this.lastStates) {
      const from = Math.max(this.lastRecordedAt, now - maxGap);
      try {
        recordSpan(this.lastStates, from, now);
      } catch (err) {
        logRefreshError(err);
      }
    }
    this.lastRecordedAt = now;
  }
}

function statesOf(components: Record<ComponentKey, DerivedComponent>): Record<ComponentKey, ComponentStatus> {
  return Object.fromEntries(COMPONENT_KEYS.map((k) => [k, components[k].status])) as Record<ComponentKey, ComponentStatus>;
}

function logRefreshError(err: unknown): void {
  console.error("[hotseat] status refresh failed:", err instanceof Error ? err.message : err);
}
