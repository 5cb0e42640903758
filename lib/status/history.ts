import { sql } from "kysely";
import { store, type Store } from "@/lib/store";
import type { ComponentHistory, ComponentKey, ComponentStatus, HistoryDay } from "./types";

const COLUMN = {
  operational: "operational_seconds",
  degraded_performance: "degraded_seconds",
  partial_outage: "partial_seconds",
  major_outage: "major_seconds",
  under_maintenance: "maintenance_seconds",
} as const satisfies Record<ComponentStatus, string>;

/** Statuspage's weighting: a partial outage counts as 30 % downtime, a major one as 100 %. */
const PARTIAL_WEIGHT = 0.3;

export const HISTORY_DAYS = 90;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Add `seconds` in `status` to today's row of a component. A span across midnight is split so
 * that each day gets its own share. Additive: with consoles sharing a store only the leader records
 * (lib/status/cache.ts), or the same seconds would count twice.
 */
export async function recordSpan(states: Partial<Record<ComponentKey, ComponentStatus>>, fromMs: number, toMs: number, db?: Store): Promise<void> {
  if (!(toMs > fromMs)) return;
  const d = db ?? (await store());
  const spans: { day: string; seconds: number }[] = [];
  let start = fromMs;
  while (start < toMs) {
    const nextMidnight = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), new Date(start).getUTCDate() + 1);
    const end = Math.min(toMs, nextMidnight);
    spans.push({ day: dayOf(start), seconds: (end - start) / 1000 });
    start = end;
  }
  await d.transaction().execute(async (trx) => {
    for (const [component, status] of Object.entries(states) as [ComponentKey, ComponentStatus][]) {
      const column = COLUMN[status];
      for (const s of spans) {
        await trx
          .insertInto("status_daily")
          .values({ day: s.day, component, [column]: s.seconds })
          .onConflict((oc) => oc.columns(["day", "component"]).doUpdateSet({ [column]: sql<number>`${sql.ref(`status_daily.${column}`)} + ${sql.ref(`excluded.${column}`)}` }))
          .execute();
      }
    }
  });
}

interface DailyRow {
  day: string;
  component: ComponentKey;
  operational_seconds: number;
  degraded_seconds: number;
  partial_seconds: number;
  major_seconds: number;
  maintenance_seconds: number;
}

/** Maintenance is neither up nor down: it leaves the day's measured time. */
function uptimeOf(rows: DailyRow[]): number | null {
  let measured = 0;
  let down = 0;
  for (const r of rows) {
    measured += r.operational_seconds + r.degraded_seconds + r.partial_seconds + r.major_seconds;
    down += r.major_seconds + PARTIAL_WEIGHT * r.partial_seconds;
  }
  return measured > 0 ? Math.max(0, Math.min(100, (100 * (measured - down)) / measured)) : null;
}

function worstOfRow(r: DailyRow): ComponentStatus | null {
  if (r.major_seconds > 0) return "major_outage";
  if (r.partial_seconds > 0) return "partial_outage";
  if (r.degraded_seconds > 0) return "degraded_performance";
  if (r.maintenance_seconds > 0 && r.operational_seconds === 0) return "under_maintenance";
  if (r.operational_seconds > 0 || r.maintenance_seconds > 0) return "operational";
  return null;
}

/** The last `days` days (oldest first, today last) of every component, from the store. */
export async function readHistory(components: readonly ComponentKey[], now = Date.now(), days = HISTORY_DAYS, db?: Store): Promise<ComponentHistory[]> {
  const dayList: string[] = [];
  const today = new Date(now);
  for (let i = days - 1; i >= 0; i--) {
    dayList.push(dayOf(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)));
  }
  const rows = (await (db ?? (await store()))
    .selectFrom("status_daily")
    .selectAll()
    .where("day", ">=", dayList[0])
    .where("day", "<=", dayList[dayList.length - 1])
    .execute()) as DailyRow[];
  return components.map((id) => {
    const mine = rows.filter((r) => r.component === id);
    const byDay = new Map(mine.map((r) => [r.day, r]));
    const list: HistoryDay[] = dayList.map((day) => {
      const r = byDay.get(day);
      return r
        ? { day, uptimePercent: uptimeOf([r]), worst: worstOfRow(r), maintenanceSeconds: r.maintenance_seconds }
        : { day, uptimePercent: null, worst: null, maintenanceSeconds: 0 };
    });
    return { id, days: list, uptimePercent: uptimeOf(mine), daysWithData: list.filter((d) => d.worst != null).length };
  });
}
