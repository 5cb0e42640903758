import type { Dialect } from "./types";

/** major.minor.patch parsed from the start of a version string, or null. */
export function parseVersion(
  version: string,
): { major: number; minor: number; patch: number } | null {
  // MariaDB < 11 may advertise "5.5.5-10.11.6-MariaDB" in the handshake: skip the fake prefix.
  const cleaned = version.replace(/^5\.5\.5-/, "");
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(cleaned.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/**
 * The SQL dialect a server speaks, from @@version and @@version_comment.
 * MySQL 8.0 before 8.0.22 knows only SHOW SLAVE STATUS and the Master_* names, so it is
 * treated as mysql57. Unknown or older versions fall back to mysql57, the oldest syntax.
 */
export function detectDialect(
  version: string,
  versionComment?: string | null,
): Dialect {
  if (/mariadb/i.test(version) || /mariadb/i.test(versionComment ?? ""))
    return "mariadb";
  const v = parseVersion(version);
  if (!v) return "mysql57";
  if (v.major > 8 || (v.major === 8 && v.minor >= 4)) return "mysql84";
  if (v.major === 8 && (v.minor > 0 || v.patch >= 22)) return "mysql80";
  return "mysql57";
}

/** True where the server has super_read_only (MySQL 5.7.8+; never MariaDB). */
export function hasSuperReadOnly(dialect: Dialect): boolean {
  return dialect !== "mariadb";
}
