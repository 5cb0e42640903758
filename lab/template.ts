import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { LabBinaries } from "./binaries";

const execFileAsync = promisify(execFile);

/**
 * Run at bootstrap, after the system tables exist: root may log in only through the lab's
 * own socket (root@localhost); no anonymous or TCP root accounts. Its password is set at `up`.
 */
const TEMPLATE_SQL = `
DELETE FROM mysql.global_priv WHERE User = '';
DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost';
DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';
`;

export function runsAsRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * A bootstrapped data directory for this server version, built once and cached under
 * `templateRoot/<version>`; each lab server starts from a copy. Built in a temporary
 * directory and renamed into place, so two labs bootstrapping at once never see half of one.
 */
export async function ensureTemplate(templateRoot: string, bins: LabBinaries): Promise<string> {
  const key = bins.version.replace(/[^A-Za-z0-9._-]/g, "_");
  const finalDir = path.join(templateRoot, key);
  if (fs.existsSync(path.join(finalDir, "data", "mysql"))) return path.join(finalDir, "data");

  fs.mkdirSync(templateRoot, { recursive: true });
  const work = fs.mkdtempSync(path.join(templateRoot, `${key}.building-`));
  const sqlFile = path.join(work, "template.sql");
  fs.writeFileSync(sqlFile, TEMPLATE_SQL);
  try {
    await execFileAsync(
      bins.installDb,
      [
        "--no-defaults",
        ...(runsAsRoot() ? ["--user=root"] : []),
        `--datadir=${path.join(work, "data")}`,
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        "--skip-name-resolve",
        `--extra-file=${sqlFile}`,
        // Must match the servers' own InnoDB settings, so the copies start without resizing.
        "--innodb-buffer-pool-size=16M",
        "--innodb-log-file-size=8M",
      ],
      { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 },
    );
    try {
      fs.renameSync(work, finalDir);
    } catch (err) {
      // Another lab finished first: use its template and drop ours.
      if (!fs.existsSync(path.join(finalDir, "data", "mysql"))) throw err;
      fs.rmSync(work, { recursive: true, force: true });
    }
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw new Error(`bootstrapping the lab template with ${bins.installDb} failed: ${(err as Error).message}`);
  }
  return path.join(finalDir, "data");
}
