import { listIncidents } from "@/lib/incidents/records";
import { isLeader } from "@/lib/leader";
import type { Store } from "@/lib/store";
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
  maintenance: (now: Date) => Promise<MaintenanceView> | MaintenanceView;
  /** Whether this console records the daily history (the leader: consoles sharing a store must not count a second twice). */
  leader?: () => boolean;
  /** The store the overrides and the history are read from; the process's by default. */
  db?: () => Promise<Store>;
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
 * Oldest store state a request is answered from: another console sharing the store may have
 * changed it (an override, a window), and that must show here within a second, rebuild included.
 */
export const STORE_FRESH_MS = 500;

/**
 * The public status, rebuilt every few seconds in the server process from the collector's memory,
 * one HTTP check of the site, and the console's store; between those, a request finding the build
 * older than STORE_FRESH_MS waits for a rebuild from the store (one at a time, shared by every
 * request waiting). A crowd on /status reads the last build: it adds no query to any MySQL server,
 * and at most one round of store reads a second.
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
  private readonly since: string;
  private readonly now: () => number;
  /** Rebuilds run one at a time; one queued behind the running one serves everyone who asks meanwhile. */
  private building: Promise<void> = Promise.resolve();
  private queued: { record: boolean; done: Promise<void> } | null = null;
  /** Bumped by every change this process makes (invalidate); a build is fresh only if it read after the last. */
  private changes = 0;
  private builtFrom = { changes: -1, readAt: 0 };

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

  /**
   * The latest build, no older than STORE_FRESH_MS and made after this process's last change; the
   * first call waits for a whole refresh. A store that cannot be read leaves the last build served.
   */
  async current(): Promise<StatusArtifacts> {
    this.start();
    if (!this.artifacts) await this.refresh();
    if (!this.fresh()) {
      try {
        await this.build(false);
      } catch (err) {
        if (!this.artifacts) throw err;
        logRefreshError(err);
      }
    }
    return this.artifacts!;
  }

  private fresh(): boolean {
    return this.builtFrom.changes === this.changes && this.now() - this.builtFrom.readAt < STORE_FRESH_MS;
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
        await this.build(true);
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /**
   * After an operator's change: rebuild now from what is known, without checking the site again.
   * The next request waits for that rebuild, so it shows the change.
   */
  invalidate(): void {
    this.changes++;
    this.build(false).catch(logRefreshError);
  }

  /** Queue a rebuild behind the running one, or join the one already queued (its reads start later than now). */
  private build(record: boolean): Promise<void> {
    if (this.queued) {
      this.queued.record ||= record;
      return this.queued.done;
    }
    const queued: { record: boolean; done: Promise<void> } = { record, done: Promise.resolve() };
    queued.done = this.building.then(() => {
      this.queued = null;
      return this.rebuild(queued.record);
    });
    this.queued = queued;
    this.building = queued.done.catch(() => undefined);
    return queued.done;
  }

  private async waitForCollector(): Promise<void> {
    const deadline = this.now() + READY_WAIT_MS;
    while (!this.deps.collectorReady() && this.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  private async rebuild(record: boolean): Promise<void> {
    const now = this.now();
    const changes = this.changes;
    const db = await this.deps.db?.();
    const ready = this.deps.collectorReady();
    // the span since the last record counts first, so today's bar below includes it
    if (record && ready) await this.recordHistory(now);
    const [maintenance, incidents, overrides, history] = await Promise.all([
      this.deps.maintenance(new Date(now)),
      listIncidents({ limit: 20 }),
      listOverrides(now, db),
      readHistory(COMPONENT_KEYS, now, undefined, db),
    ]);
    const components = deriveComponents({
      topology: this.deps.topology(),
      site: this.site,
      siteFailuresInRow: this.siteFailuresInRow,
      siteSlowMs: this.deps.settings.siteSlowMs,
      clusters: this.deps.settings.clusters,
      maintenanceEnabled: maintenance.enabled,
      overrides,
      openIncidents: openIncidentImpacts(incidents),
      now,
    });
    const states = statesOf(components);
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
      history,
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
    this.builtFrom = { changes, readAt: now };
  }

  /**
   * The states that held since the last record count toward today's bars: on the leader only, so
   * that consoles sharing a store count each second once. A console that takes the lead starts
   * counting from its first record, not from when it last led.
   */
  private async recordHistory(now: number): Promise<void> {
    if (!(this.deps.leader ?? isLeader)()) {
      this.lastRecordedAt = null;
      return;
    }
    const maxGap = this.deps.settings.refreshMs * MAX_RECORD_GAP_FACTOR;
    if (this.lastRecordedAt != null && this.lastStates) {
      const from = Math.max(this.lastRecordedAt, now - maxGap);
      try {
        await recordSpan(this.lastStates, from, now, await this.deps.db?.());
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
