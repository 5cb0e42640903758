import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DASHBOARD_FILE, dashboardExprs, exportedFamilies } from "./fixtures";
import { metricsIn } from "./metric-names";

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; datasource: { uid: string } }[];
}

const rulesText = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/prometheus/hotseat-rules.yml"), "utf8");

describe("docs/grafana/hotseat.json", () => {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD_FILE, "utf8"));
  const panels = dashboard.panels as Panel[];

  it("is an importable dashboard: unique panel ids, one Prometheus data source variable", () => {
    expect(dashboard.uid).toBe("hotseat");
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(dashboard.templating.list.map((v: { name: string }) => v.name)).toEqual(["DS_PROMETHEUS", "cluster"]);
    for (const p of panels.filter((p) => p.type !== "row")) {
      expect(p.datasource?.uid, p.title).toBe("${DS_PROMETHEUS}");
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
    }
  });

  it("shows what an on-call engineer needs: lag with the cutoff, read pool, writer, load, app tier, alerts, failovers", () => {
    const exprs = dashboardExprs().join("\n");
    for (const family of ["hotseat_replication_lag_seconds", "hotseat_lag_cutoff_seconds", "hotseat_read_eligible", "hotseat_writer", "hotseat_threads_running", "hotseat_app_php_fpm_processes", "hotseat_alerts_firing", "hotseat_failovers_total"]) {
      expect(exprs).toContain(family);
    }
    const lagPanel = panels.find((p) => p.targets?.some((t) => t.expr.includes("hotseat_lag_cutoff_seconds")))!;
    expect(lagPanel.targets!.some((t) => t.expr.includes("hotseat_replication_lag_seconds"))).toBe(true);
  });

  it("reads only series the console exports or the rule file records", async () => {
    const exported = await exportedFamilies();
    for (const expr of dashboardExprs()) {
      const { families, recordings } = metricsIn(expr);
      for (const f of families) expect(exported, `${f} in ${expr}`).toContain(f);
      for (const r of recordings) expect(rulesText).toContain(`record: ${r}`);
    }
  });
});
