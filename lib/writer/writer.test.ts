import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { tempStores } from "@/lib/store/temp-store";
import { announceWriter, currentWriter, getPublishedWriter, hookStepDetail, publishWriter, runHook, syncWriterFile } from "./index";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-writer-"));
const config = (failover: Record<string, unknown> = {}) =>
  parseConfig({
    servers: [
      { id: "db1", host: "10.0.0.1", port: 3306, user: "hotseat", password: "x" },
      { id: "db2", host: "10.0.0.2", port: 3307, user: "hotseat", password: "x" },
    ],
    dataDir: dir,
    failover,
  });

const store = tempStores("writer");

describe("published writer", () => {
  it("falls back to the discovered writer until one is published, then serves the published one", async () => {
    const db = await store();
    expect(await getPublishedWriter(db)).toBeNull();
    expect(await currentWriter({ config: config(), discovered: "db1", db })).toEqual({ id: "db1", host: "10.0.0.1", port: 3306, source: "discovered" });
    expect(await currentWriter({ config: config(), discovered: null, db })).toBeNull();

    const r = await publishWriter("db2", { actor: "oncall", runId: 7 }, { config: config(), db });
    expect(r.fileError).toBeNull();
    expect(await getPublishedWriter(db)).toMatchObject({ id: "db2", host: "10.0.0.2", port: 3307, publishedBy: "oncall", runId: 7 });
    // The discovered writer no longer matters once something is published.
    expect(await currentWriter({ config: config(), discovered: "db1", db })).toEqual({ id: "db2", host: "10.0.0.2", port: 3307, source: "published" });
  });

  it("keeps one published writer per cluster: the latest published of its servers", async () => {
    const db = await store();
    const cfg = parseConfig({
      servers: ["db1", "db2", "db5", "db6"].map((id, i) => ({ id, host: `10.0.0.${i + 1}`, user: "hotseat", password: "x" })),
      dataDir: dir,
    });
    const shop = { id: "shop", writer: "db1", serverIds: ["db1", "db2"] };
    const auth = { id: "auth", writer: "db5", serverIds: ["db5", "db6"] };
    await publishWriter("db1", { actor: "x" }, { config: cfg, db });
    await publishWriter("db6", { actor: "x" }, { config: cfg, db });
    expect(await currentWriter({ config: cfg, db, cluster: shop })).toMatchObject({ id: "db1", source: "published" });
    expect(await currentWriter({ config: cfg, db, cluster: auth })).toMatchObject({ id: "db6", source: "published" });
    await publishWriter("db2", { actor: "x" }, { config: cfg, db });
    await publishWriter("db1", { actor: "x" }, { config: cfg, db });
    expect((await currentWriter({ config: cfg, db, cluster: shop }))?.id).toBe("db1");
    expect((await currentWriter({ config: cfg, db, cluster: auth }))?.id).toBe("db6");
    // nothing published in a cluster yet: its discovered writer
    expect(await currentWriter({ config: cfg, db, cluster: { id: "x", writer: "db5", serverIds: ["db5"] } })).toMatchObject({ id: "db5", source: "discovered" });
  });

  it("rewrites the writer file at every publish", async () => {
    const db = await store();
    const file = path.join(dir, "run", "writer.json");
    await publishWriter("db1", { actor: "x" }, { config: config({ writerFile: file }), db });
    await publishWriter("db2", { actor: "x" }, { config: config({ writerFile: file }), db });
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ id: "db2", host: "10.0.0.2", port: 3307 });
    // another cluster's writer is not the one the file names
    const other = await publishWriter("db1", { actor: "x" }, { config: config({ writerFile: file }), db, writeFile: false });
    expect(other.filePath).toBeNull();
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ id: "db2" });
  });

  it("keeps a console's writer file in line with the store, whichever console published", async () => {
    const db = await store();
    const file = path.join(dir, "other-console", "writer.json");
    const cfg = config({ writerFile: file });
    const cluster = { serverIds: ["db1", "db2"] };
    expect(await syncWriterFile({ config: cfg, db, cluster })).toBe("skipped"); // nothing published yet
    // another console published db2 (its own file): this one follows
    await publishWriter("db2", { actor: "x" }, { config: config(), db });
    expect(await syncWriterFile({ config: cfg, db, cluster })).toBe("written");
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ id: "db2", host: "10.0.0.2", port: 3307 });
    expect(await syncWriterFile({ config: cfg, db, cluster })).toBe("unchanged");
    fs.rmSync(file);
    expect(await syncWriterFile({ config: cfg, db, cluster })).toBe("written");
    await publishWriter("db1", { actor: "x" }, { config: config(), db });
    expect(await syncWriterFile({ config: cfg, db, cluster })).toBe("written");
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ id: "db1" });
  });
});

describe("hooks", () => {
  const writer = { id: "db2", host: "10.0.0.2", port: 3307, publishedAt: "2026-01-01T00:00:00.000Z", publishedBy: "oncall", runId: 1 };

  it("run with the new writer in the environment, and report failures without throwing", async () => {
    const out = path.join(dir, "hook.txt");
    const results = await announceWriter(writer, { previousId: "db1", mode: "graceful" }, config({
      hooks: [`echo "$HOTSEAT_PREVIOUS_WRITER_ID->$HOTSEAT_WRITER_ID $HOTSEAT_WRITER_HOST:$HOTSEAT_WRITER_PORT $HOTSEAT_FAILOVER_MODE" > ${out}`, "echo nope >&2; exit 3"],
    }));
    expect(fs.readFileSync(out, "utf8").trim()).toBe("db1->db2 10.0.0.2:3307 graceful");
    expect(results.map((r) => [r.ok, r.exitCode])).toEqual([[true, 0], [false, 3]]);
    expect(results[1].output).toBe("nope");
    // what viewers see of it (the failover step): which hook failed and how, not its text or output
    expect(hookStepDetail(results)).toMatch(/^hook 2 of 2 failed \(exit 3\) in \d+ ms$/);
    expect(hookStepDetail(results.slice(0, 1))).toMatch(/^1 hook ok in \d+ ms$/);
  });

  it("see none of the console's secrets", async () => {
    const out = path.join(dir, "env.txt");
    const saved = { ...process.env };
    Object.assign(process.env, { NEXTAUTH_SECRET: "s3cret-next", HOTSEAT_DB1_PASSWORD: "s3cret-db", HOTSEAT_CTO_PASSWORD: "s3cret-cto" });
    try {
      const [r] = await announceWriter(writer, { previousId: "db1", mode: "graceful" }, config({ hooks: [`env > ${out}`] }));
      expect(r.ok).toBe(true);
    } finally {
      for (const k of ["NEXTAUTH_SECRET", "HOTSEAT_DB1_PASSWORD", "HOTSEAT_CTO_PASSWORD"]) {
        if (k in saved) process.env[k] = saved[k];
        else delete process.env[k];
      }
    }
    const seen = fs.readFileSync(out, "utf8");
    expect(seen).not.toContain("s3cret");
    expect(seen).toContain("HOTSEAT_WRITER_ID=db2");
    expect(seen).toMatch(/^PATH=/m);
  });

  it("kills a hook that runs too long", async () => {
    const r = await runHook("sleep 5", { writer, previousId: null, mode: "emergency" }, 200);
    expect(r.ok).toBe(false);
    expect(r.durationMs).toBeLessThan(2000);
  });
});
