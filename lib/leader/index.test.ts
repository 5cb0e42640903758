import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { instanceName, isLeader, onLeadershipChange, setLeader } from "./index";

describe("leadership", () => {
  afterEach(() => {
    setLeader(true);
    delete process.env.HOTSEAT_INSTANCE;
  });

  it("leads by default (a console of its own), and tells listeners each change once", () => {
    expect(isLeader()).toBe(true);
    const seen: boolean[] = [];
    const unsubscribe = onLeadershipChange((leader) => seen.push(leader));
    setLeader(false);
    setLeader(false);
    setLeader(true);
    unsubscribe();
    setLeader(false);
    expect(seen).toEqual([false, true]);
    expect(isLeader()).toBe(false);
  });

  it("is one state for the whole process, whichever bundle's copy of the module sets it", () => {
    setLeader(false);
    expect((globalThis as unknown as { __hotseatLeadership: { leading: boolean } }).__hotseatLeadership.leading).toBe(false);
  });

  it("a failing listener does not keep the others from hearing", () => {
    const seen: boolean[] = [];
    const off1 = onLeadershipChange(() => {
      throw new Error("boom");
    });
    const off2 = onLeadershipChange((leader) => seen.push(leader));
    const errors = console.error;
    console.error = () => undefined;
    try {
      setLeader(false);
    } finally {
      console.error = errors;
      off1();
      off2();
    }
    expect(seen).toEqual([false]);
  });

  it("names the instance from HOTSEAT_INSTANCE, else host and port or pid", () => {
    process.env.HOTSEAT_INSTANCE = "console-a";
    expect(instanceName()).toBe("console-a");
    delete process.env.HOTSEAT_INSTANCE;
    const port = process.env.PORT;
    delete process.env.PORT;
    expect(instanceName()).toBe(`${os.hostname()}:${process.pid}`);
    process.env.PORT = "3123";
    expect(instanceName()).toBe(`${os.hostname()}:3123`);
    if (port === undefined) delete process.env.PORT;
    else process.env.PORT = port;
  });
});
