import { describe, expect, it } from "vitest";
import { tempStores } from "@/lib/store/temp-store";
import { readHistory, recordSpan } from "./history";
import { uptimeWords } from "./html";

const store = tempStores("status");

const DAY = Date.parse("2026-11-27T00:00:00Z");

describe("daily history", () => {
  it("counts a major outage fully, a partial one at 30 %, and leaves maintenance out", async () => {
    const db = await store();
    await recordSpan({ website: "operational" }, DAY, DAY + 6 * 3600_000, db);
    await recordSpan({ website: "major_outage" }, DAY + 6 * 3600_000, DAY + 7 * 3600_000, db);
    await recordSpan({ website: "partial_outage" }, DAY + 7 * 3600_000, DAY + 8 * 3600_000, db);
    await recordSpan({ website: "under_maintenance" }, DAY + 8 * 3600_000, DAY + 20 * 3600_000, db);
    const [h] = await readHistory(["website"], DAY + 21 * 3600_000, 90, db);
    expect(h.days).toHaveLength(90);
    const today = h.days.at(-1)!;
    expect(today.day).toBe("2026-11-27");
    expect(today.worst).toBe("major_outage");
    // 8 measured hours, 1 + 0.3 down
    expect(today.uptimePercent).toBeCloseTo((100 * (8 - 1.3)) / 8, 5);
    expect(today.maintenanceSeconds).toBe(12 * 3600);
    expect(h.days[0].uptimePercent).toBeNull();
  });

  it("splits a span across midnight between the two days", async () => {
    const db = await store();
    await recordSpan({ "database-reads": "operational" }, DAY - 1800_000, DAY + 1800_000, db);
    const [h] = await readHistory(["database-reads"], DAY + 3600_000, 2, db);
    expect(h.days.map((d) => d.day)).toEqual(["2026-11-26", "2026-11-27"]);
    expect(h.days.every((d) => d.uptimePercent === 100)).toBe(true);
  });

  it("states uptime over the days that have data, not over the bars' span", async () => {
    const db = await store();
    await recordSpan({ website: "operational" }, DAY + 3600_000, DAY + 5 * 3600_000, db);
    const [one] = await readHistory(["website"], DAY + 6 * 3600_000, 90, db);
    expect(one.days).toHaveLength(90);
    expect(one.daysWithData).toBe(1);
    expect(uptimeWords(one)).toBe("100 % uptime over 1 day");

    await recordSpan({ website: "major_outage" }, DAY - 86_400_000, DAY - 86_400_000 + 3600_000, db);
    const [two] = await readHistory(["website"], DAY + 6 * 3600_000, 90, db);
    expect(two.daysWithData).toBe(2);
    expect(uptimeWords(two)).toBe("80.00 % uptime over 2 days");
    const [none] = await readHistory(["database-writes"], DAY + 6 * 3600_000, 90, db);
    expect(uptimeWords(none)).toBe("no uptime data yet");
  });
});
