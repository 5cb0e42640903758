import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The server, bootstrap and client programs the lab runs. */
export interface LabBinaries {
  server: string;
  installDb: string;
  client: string;
  /** e.g. "10.11.19-MariaDB-0+deb12u1"; keys the template cache. */
  version: string;
}

const SEARCH_DIRS = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/local/mysql/bin"];

function findProgram(names: string[]): string | null {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...SEARCH_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

let cached: LabBinaries | null = null;

/** Find mariadbd (else mysqld), mariadb-install-db (else mysql_install_db) and the client. */
export function labBinaries(): LabBinaries {
  if (cached) return cached;
  const server = findProgram(["mariadbd", "mysqld"]);
  const installDb = findProgram(["mariadb-install-db", "mysql_install_db"]);
  const client = findProgram(["mariadb", "mysql"]);
  if (!server || !installDb || !client) {
    throw new Error(
      `lab needs a MariaDB server, its install-db tool and a client; found server=${server}, install-db=${installDb}, client=${client}`,
    );
  }
  const out = execFileSync(server, ["--version"], { encoding: "utf8" });
  // "/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)"
  const version = /Ver\s+(\S+)/.exec(out)?.[1] ?? "unknown";
  cached = { server, installDb, client, version };
  return cached;
}
