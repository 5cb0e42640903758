import { describe, expect, it } from "vitest";
import { detectDialect, hasSuperReadOnly, parseVersion } from "./dialect";

describe("detectDialect", () => {
  it.each([
    ["5.7.44-log", undefined, "mysql57"],
    ["5.7.44", "MySQL Community Server (GPL)", "mysql57"],
    ["8.0.21", undefined, "mysql57"], // no SHOW REPLICA STATUS before 8.0.22
    ["8.0.22", undefined, "mysql80"],
    ["8.0.36", "MySQL Community Server - GPL", "mysql80"],
    ["8.0.36-28", "Percona Server (GPL), Release 28", "mysql80"],
    ["8.3.0", undefined, "mysql80"],
    ["8.4.3", "MySQL Community Server - GPL", "mysql84"],
    ["9.1.0", undefined, "mysql84"],
    ["10.11.19-MariaDB-0+deb12u1", "Debian 12", "mariadb"],
    ["10.11.19-MariaDB-0+deb12u1-log", "Debian 12", "mariadb"],
    ["11.4.2-MariaDB", "MariaDB Server", "mariadb"],
    ["5.5.5-10.11.6-MariaDB-log", undefined, "mariadb"], // handshake form of MariaDB < 11
    ["10.6.16", "mariadb.org binary distribution", "mariadb"], // version without the suffix
  ] as const)("%s (%s) -> %s", (version, comment, expected) => {
    expect(detectDialect(version, comment)).toBe(expected);
  });

  it("falls back to the oldest syntax for an unparseable version", () => {
    expect(detectDialect("garbage")).toBe("mysql57");
  });
});

describe("parseVersion", () => {
  it("skips MariaDB's 5.5.5- handshake prefix", () => {
    expect(parseVersion("5.5.5-10.11.6-MariaDB")).toEqual({
      major: 10,
      minor: 11,
      patch: 6,
    });
  });
  it("reads MySQL versions with suffixes", () => {
    expect(parseVersion("8.0.36-28")).toEqual({
      major: 8,
      minor: 0,
      patch: 36,
    });
  });
});

describe("hasSuperReadOnly", () => {
  it("is false only for MariaDB", () => {
    expect(
      ["mysql57", "mysql80", "mysql84", "mariadb"].map((d) =>
        hasSuperReadOnly(d as never),
      ),
    ).toEqual([true, true, true, false]);
  });
});
