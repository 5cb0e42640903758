import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { getCollector } from "@/lib/collector";
import { getConfig, serverPassword } from "@/lib/config";
import { resetStatusCache } from "@/lib/status";
import { requestAs, useLabConfig } from "./auth-helpers";
import { waitFor } from "./lab";

/**
 * Nothing internal reaches the public status page or its JSON: no host, port, server id or name,
 * monitoring user or password, site URL, problem message or query text of the test lab, even while
 * an operator override and an open incident are on the page. Operator text is the only free text.
 */

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const noParams = { params: Promise.resolve({}) };

const PUBLIC: [string, () => Promise<unknown>][] = [
  ["/status", () => import("@/app/status/route")],
  ["/api/status/summary.json", () => import("@/app/api/status/summary.json/route")],
  ["/api/status/status.json", () => import("@/app/api/status/status.json/route")],
  ["/api/status/badge.svg", () => import("@/app/api/status/badge.svg/route")],
  ["/api/status/favicon.svg", () => import("@/app/api/status/favicon.svg/route")],
];

async function publicText(): Promise<string> {
  const parts: string[] = [];
  for (const [path, load] of PUBLIC) {
    const { GET } = (await load()) as { GET: Handler };
    const res = await GET(new NextRequest(`http://127.0.0.1:3000${path}`), noParams);
    expect(res.status, path).toBe(200);
    parts.push(await res.text(), JSON.stringify(Object.fromEntries(res.headers)));
  }
  return parts.join("\n");
}

/** A word, not a part of another (a hash "8db1e" does not name db1). */
function mentions(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`).test(text);
}

function secretsOfTheLab(): string[] {
  const config = getConfig();
  const words = new Set<string>();
  for (const s of config.servers) {
    words.add(s.id);
    if (s.name) words.add(s.name);
    words.add(s.host);
    words.add(String(s.port));
    words.add(`${s.host}:${s.port}`);
    words.add(s.user);
    const password = serverPassword(s);
    if (password) words.add(password);
  }
  const site = typeof config.site?.url === "string" ? new URL(config.site.url) : null;
  if (site) {
    words.add(site.host);
    words.add(site.port);
  }
  words.add(config.heartbeat.database);
  return [...words].filter(Boolean);
}

beforeAll(() => {
  useLabConfig();
  resetStatusCache();
});
afterAll(() => resetStatusCache());

describe("the public status page leaks nothing internal", () => {
  it("names no host, port, server, user, password, site address, problem or query of the lab", async () => {
    const collector = getCollector();
    await waitFor(() => collector.snapshot().servers.every((s) => s.sampledAt > 0), 15_000, "first poll of every server");

    // An operator's override and an incident put every kind of content on the page.
    const override = (await import("@/app/api/status/components/[id]/override/route"));
    const params = { params: Promise.resolve({ id: "background-jobs" }) };
    const set = await override.PUT(
      await requestAs({ kind: "token", role: "operator" }, "/api/status/components/background-jobs/override", {
        method: "PUT",
        body: { status: "degraded_performance", note: "Exports run late." },
      }),
      params,
    );
    expect(set.status).toBe(200);
    const incidents = (await import("@/app/api/incidents/route"));
    const opened = await incidents.POST(
      await requestAs({ kind: "token", role: "operator" }, "/api/incidents", {
        method: "POST",
        body: { name: "Leak check", impact: "minor", status: "monitoring", body: "Watching the fix.", components: ["database-reads"] },
      }),
      noParams,
    );
    const id = String(((await opened.json()) as { incident: { id: number } }).incident.id);

    try {
      const text = await publicText();
      expect(text).toContain("Exports run late.");
      expect(text).toContain("Watching the fix.");

      const leaked = secretsOfTheLab().filter((w) => mentions(text, w));
      expect(leaked).toEqual([]);

      // What the collector knows that the public must not: problem messages and running statements.
      const topology = collector.topology();
      for (const p of topology.problems) expect(text).not.toContain(p.message);
      const statements = collector
        .snapshot()
        .servers.flatMap((s) => s.processlist.map((p) => p.info))
        .filter((info): info is string => !!info && info.length > 8);
      for (const q of statements) expect(text).not.toContain(q);
      expect(text).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE|SHOW)\s/);
    } finally {
      await override.DELETE(
        await requestAs({ kind: "token", role: "operator" }, "/api/status/components/background-jobs/override", { method: "DELETE" }),
        params,
      );
      const updates = (await import("@/app/api/incidents/[id]/updates/route"));
      await updates.POST(
        await requestAs({ kind: "token", role: "operator" }, `/api/incidents/${id}/updates`, { method: "POST", body: { status: "resolved", body: "Done." } }),
        { params: Promise.resolve({ id }) },
      );
    }
  });
});
