import { describe, expect, it } from "vitest";
import { gtidCovers, gtidMissing } from "./gtid";

describe("gtidMissing (MariaDB)", () => {
  it("counts by seq_no per domain, whichever server wrote it", () => {
    expect(gtidMissing("0-1-100", "0-1-100")).toBe(0);
    expect(gtidMissing("0-1-100", "0-1-97")).toBe(3);
    expect(gtidMissing("0-2-105", "0-1-100")).toBe(5);
    expect(gtidMissing("0-1-100", "0-2-120")).toBe(0);
  });

  it("adds domains up and treats a missing domain as nothing applied", () => {
    expect(gtidMissing("0-1-10,1-3-4", "0-1-10")).toBe(4);
    expect(gtidMissing("0-1-10,1-3-4", "1-3-4,0-1-8")).toBe(2);
  });

  it("an empty position is covered by anything", () => {
    expect(gtidMissing("", "0-1-1")).toBe(0);
    expect(gtidMissing(null, null)).toBe(0);
    expect(gtidMissing("0-1-5", "")).toBe(5);
  });
});

describe("gtidMissing (MySQL)", () => {
  const a = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  const b = "4f22fa47-71ca-11e1-9e33-c80aa9429563";
  it("counts the transactions of want outside have", () => {
    expect(gtidMissing(`${a}:1-100`, `${a}:1-100`)).toBe(0);
    expect(gtidMissing(`${a}:1-100`, `${a}:1-90`)).toBe(10);
    expect(gtidMissing(`${a}:1-100:105`, `${a}:1-100`)).toBe(1);
    expect(gtidMissing(`${a}:1-10,${b}:1-5`, `${a}:1-10`)).toBe(5);
    expect(gtidMissing(`${a}:1-10`, `${a.toUpperCase()}:1-10`)).toBe(0);
  });
});

describe("gtidCovers", () => {
  it("is gtidMissing === 0", () => {
    expect(gtidCovers("0-1-100", "0-1-99")).toBe(true);
    expect(gtidCovers("0-1-98", "0-1-99")).toBe(false);
  });
});
