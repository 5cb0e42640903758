import fs from "node:fs";
import path from "node:path";
import { formatUtc } from "@/lib/time";
import type { MaintenanceState } from "./types";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export const DEFAULT_VISITOR_MESSAGE = "We are doing some maintenance and will be back shortly.";

/**
 * The flag file's content: a complete page for visitors, so a web server can answer its 503 with
 * the file itself (docs/nginx-maintenance.conf does). The state is also in data- attributes.
 */
export function flagFileContent(state: MaintenanceState): string {
  const message = state.message || DEFAULT_VISITOR_MESSAGE;
  const until = state.until ? `<p>Expected back: <time datetime="${esc(state.until)}">${esc(formatUtc(state.until, "second") || state.until)}</time></p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Back soon</title>
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}</style></head>
<body data-hotseat-maintenance="on" data-since="${esc(state.since ?? "")}" data-until="${esc(state.until ?? "")}">
<h1>Back soon</h1>
<p id="maintenance-message">${esc(message)}</p>
${until}
</body></html>
`;
}

/**
 * Write the flag file atomically: a temp file in the same directory, then rename, so a web server
 * never sees half a file. Creates the directory. Skips the write when the content is unchanged.
 * Returns true when it wrote.
 */
export function writeFlagFile(file: string, state: MaintenanceState): boolean {
  const content = flagFileContent(state);
  try {
    if (fs.readFileSync(file, "utf8") === content) return false;
  } catch {
    // missing or unreadable: write it
  }
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temp, content, { mode: 0o644 });
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  return true;
}

/** Remove the flag file; returns true when there was one. */
export function removeFlagFile(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}
