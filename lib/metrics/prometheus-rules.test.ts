import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportedFamilies } from "./fixtures";
import { metricsIn } from "./metric-names";
import { promtool } from "./promtool";

const dir = path.resolve(import.meta.dirname, "../../docs/prometheus");
const rulesFile = path.join(dir, "hotseat-rules.yml");

describe("docs/prometheus/hotseat-rules.yml", () => {
  it("passes promtool check rules", () => {
    const check = promtool(["check", "rules", rulesFile]);
    expect(check.output).toMatch(/SUCCESS/);
    expect(check.ok).toBe(true);
  });

  it("fires as the console does in the story's series (promtool test rules)", () => {
    const test = promtool(["test", "rules", path.join(dir, "hotseat-rules.test.yml")]);
    expect(test.output).toMatch(/SUCCESS/);
    expect(test.ok).toBe(true);
  });

  it("reads only series the console exports", async () => {
    const exported = await exportedFamilies();
    const text = fs.readFileSync(rulesFile, "utf8");
    const exprs = [...text.matchAll(/expr: (\|\n(?: {10}.*\n)+|.*)/g)].map((m) => m[1]);
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const recorded = new Set([...text.matchAll(/record: (\S+)/g)].map((m) => m[1]));
    for (const expr of exprs) {
      const { families, recordings } = metricsIn(expr);
      for (const f of families) expect(exported, `${f} in ${expr}`).toContain(f);
      for (const r of recordings) expect(recorded, `${r} in ${expr}`).toContain(r);
    }
  });
});
