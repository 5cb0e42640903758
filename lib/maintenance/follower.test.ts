import { describe, expect, it } from "vitest";
import { maintenanceFollower } from "./follower";
import { MAINTENANCE_OFF, type MaintenanceState } from "./types";

const tick = () => new Promise((r) => setTimeout(r, 30));

describe("maintenanceFollower", () => {
  it("answers from the last read, follows each read, and keeps the last state when a read fails", async () => {
    const window: MaintenanceState = { enabled: true, message: null, since: "2026-01-01T10:00:00.000Z", until: "2026-01-01T11:00:00.000Z", source: "schedule", windowId: 1 };
    const reads: (MaintenanceState | Error)[] = [MAINTENANCE_OFF, window, new Error("store down")];
    let last: MaintenanceState | Error = MAINTENANCE_OFF;
    const follower = maintenanceFollower(10, async () => {
      last = reads.shift() ?? last;
      if (last instanceof Error) throw last;
      return last;
    });
    try {
      expect(follower.enabled(new Date("2026-01-01T10:30:00Z"))).toBe(false); // off until the first read
      await tick();
      await tick();
      // the window, still read while the store fails; its end is taken by the clock
      expect(follower.enabled(new Date("2026-01-01T10:30:00Z"))).toBe(true);
      expect(follower.enabled(new Date("2026-01-01T11:00:00Z"))).toBe(false);
    } finally {
      follower.stop();
    }
  });
});
