import { z } from "zod";

/** The configuration contract (README, "Configuration"; docs/architecture.md, "Contracts"). Keys are stable; more may be added. */

const serverId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'");

export const serverSchema = z
  .object({
    id: serverId,
    name: z.string().min(1).optional(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(3306),
    user: z.string().min(1),
    password: z.string().optional(),
    passwordEnv: z.string().min(1).optional(),
    promotion: z.enum(["prefer", "neutral", "must_not"]).default("neutral"),
    /** The cluster it belongs to: servers of one replication group share it (it names the group). */
    cluster: serverId.optional(),
  })
  .strict()
  .refine((s) => (s.password === undefined) !== (s.passwordEnv === undefined), {
    message: "set exactly one of password or passwordEnv",
  });

const userSchema = z
  .object({
    username: z.string().min(1),
    role: z.enum(["viewer", "operator", "admin"]),
    passwordHash: z.string().regex(/^\$2[aby]\$\d\d\$/, "must be a bcrypt hash"),
  })
  .strict();

const tokenSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(["viewer", "operator", "admin"]),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits (SHA-256)"),
  })
  .strict();

/** How long the store keeps one kind of history: rows older than `days` go, and all but the newest `maxRows`. */
function keep(days: number, maxRows: number) {
  return z
    .object({
      days: z.number().int().min(1).max(36_500).default(days),
      maxRows: z.number().int().min(100).max(10_000_000).default(maxRows),
    })
    .strict()
    .default({ days, maxRows });
}

/** Retention of the store's histories (lib/store/retention.ts applies it). */
const retentionSchema = z
  .object({
    /** entries that name someone (a signed-in user or a token) */
    audit: keep(365, 200_000),
    /** entries of unknown callers: failed sign-ins, unauthenticated requests (anyone can send these) */
    anonymousAudit: keep(30, 20_000),
    webhookDeliveries: keep(30, 10_000),
    alertEpisodes: keep(180, 10_000),
    /** the status page's daily uptime per component */
    statusHistory: keep(400, 10_000),
    failoverRuns: keep(365, 1_000),
  })
  .strict();

export const configSchema = z
  .object({
    servers: z.array(serverSchema).min(1, "list at least one server"),
    lagCutoffSeconds: z.number().positive().default(30),
    /** Per-cluster settings over the global ones, by cluster id (a `cluster` label, or a group's first server id). */
    clusters: z
      .array(
        z
          .object({
            id: serverId,
            name: z.string().min(1).max(80).optional(),
            lagCutoffSeconds: z.number().positive().optional(),
          })
          .strict(),
      )
      .max(1000)
      .default([]),
    pollIntervalMs: z.number().int().min(200).max(60_000).default(1000),
    /** How much poll history to keep in memory per server. */
    historySeconds: z.number().int().min(3600, "keep at least one hour").max(24 * 3600).default(3600),
    heartbeat: z
      .object({
        enabled: z.boolean().default(true),
        database: z.string().regex(/^[A-Za-z0-9_]+$/, "must be a plain database name").default("hotseat"),
      })
      .strict()
      .default({ enabled: true, database: "hotseat" }),
    dataDir: z.string().min(1).default("./data"),
    /** The console's own state: the embedded SQLite under dataDir unless a PostgreSQL URL is set (also HOTSEAT_STORE_URL). */
    store: z
      .object({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// URL")
          .optional(),
      })
      .strict()
      .default({}),
    auth: z
      .object({
        users: z.array(userSchema).default([]),
        apiTokens: z.array(tokenSchema).default([]),
        /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client. */
        trustedProxies: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])).max(100).default([]),
      })
      .strict()
      .default({ users: [], apiTokens: [], trustedProxies: [] }),
    maintenance: z
      .object({
        flagFile: z.string().min(1).optional(),
        /** Shell commands (/bin/sh -c) run when maintenance turns on / off: one, or a list run in order. */
        hooks: z
          .object({
            onEnable: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
            onDisable: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
            timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
          })
          .strict()
          .optional(),
      })
      .passthrough()
      .default({}),
    alerts: z
      .object({
        webhooks: z
          .array(z.object({ url: z.url(), format: z.enum(["slack", "json"]).default("json") }).strict())
          .default([]),
        /** Per alert rule (ids in lib/alerts/rules.ts): overrides of the shipped defaults. */
        rules: z
          .record(
            z.string().regex(/^[a-z_]+$/, "must be a rule id such as replica_lagging"),
            z
              .object({
                enabled: z.boolean().optional(),
                /** how long the condition must hold before the alert fires */
                forSeconds: z.number().min(0).max(86_400).optional(),
                /** how long it must be clear before the alert resolves */
                resolveSeconds: z.number().min(0).max(86_400).optional(),
                silenceDuringMaintenance: z.boolean().optional(),
                /** rule-specific numbers, e.g. { lagSeconds: 30 } or { threadsRunning: 20 } */
                thresholds: z.record(z.string(), z.number()).optional(),
              })
              .strict(),
          )
          .optional(),
        /** Webhook delivery: attempts with exponential backoff. */
        delivery: z
          .object({
            maxAttempts: z.number().int().min(1).max(20).optional(),
            backoffMs: z.number().int().min(100).max(3_600_000).optional(),
            maxBackoffMs: z.number().int().min(100).max(86_400_000).optional(),
            timeoutMs: z.number().int().min(200).max(60_000).optional(),
          })
          .strict()
          .optional(),
        /** The console's own address, for runbook links in notifications (default NEXTAUTH_URL). */
        consoleUrl: z.url().optional(),
      })
      .passthrough()
      .default({ webhooks: [] }),
    site: z.object({ url: z.url().optional() }).passthrough().default({}),
    /** The public status page (/status): title, component names, the site's HTTP check. */
    status: z
      .object({
        title: z.string().min(1).max(80).optional(),
        components: z
          .object({
            website: z.string().min(1).max(60).optional(),
            databaseWrites: z.string().min(1).max(60).optional(),
            databaseReads: z.string().min(1).max(60).optional(),
            backgroundJobs: z.string().min(1).max(60).optional(),
          })
          .strict()
          .optional(),
        /** Checked every refresh; defaults to site.url. Never shown on the page. */
        siteCheck: z
          .object({
            url: z.url().optional(),
            timeoutMs: z.number().int().min(200).max(30_000).optional(),
            slowMs: z.number().int().min(50).max(30_000).optional(),
          })
          .strict()
          .optional(),
        refreshSeconds: z.number().int().min(1).max(60).optional(),
        /** The clusters the database components follow (the site's own); every cluster without it. */
        clusters: z.array(serverId).min(1).max(1000).optional(),
      })
      .strict()
      .optional(),
    /** Processlist: a client statement running at least this long is flagged long_running. */
    processlist: z
      .object({ longQuerySeconds: z.number().positive().default(60) })
      .strict()
      .default({ longQuerySeconds: 60 }),
    /** Failover: anti-flapping window, catch-up wait, and how the new writer is announced. */
    failover: z
      .object({
        flapWindowSeconds: z.number().int().min(0).default(600),
        catchUpTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
        /** A JSON file rewritten with { id, host, port, publishedAt } at every publish. */
        writerFile: z.string().min(1).optional(),
        /** Shell commands run after a publish, with HOTSEAT_WRITER_ID/HOST/PORT in the environment. */
        hooks: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({ flapWindowSeconds: 600, catchUpTimeoutMs: 10_000 }),
    /** GET /api/metrics (Prometheus): `public: true` lets a scraper in without a token. */
    metrics: z.object({ public: z.boolean().default(false) }).strict().default({ public: false }),
    /** App servers (php-fpm, nginx) polled beside the databases; restart commands run by operators. */
    appServers: z
      .array(
        z
          .object({
            id: serverId,
            name: z.string().min(1).max(80).optional(),
            /** php-fpm's pm.status_path page with ?json, e.g. http://10.0.0.21/fpm-status?json */
            phpFpmStatusUrl: z.url().optional(),
            /** nginx's stub_status page, e.g. http://10.0.0.21/nginx-status */
            nginxStatusUrl: z.url().optional(),
            /** Shell commands (/bin/sh -c) that restart or reload each service. */
            restart: z
              .object({ "php-fpm": z.string().min(1).optional(), nginx: z.string().min(1).optional() })
              .strict()
              .optional(),
            /** A restart command is killed (its process group) after this long. */
            restartTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
          })
          .strict()
          .refine((a) => a.phpFpmStatusUrl || a.nginxStatusUrl, { message: "set phpFpmStatusUrl, nginxStatusUrl or both" }),
      )
      .refine((list) => new Set(list.map((a) => a.id)).size === list.length, { message: "app server ids must be unique" })
      .default([]),
    /** Writer overload thresholds for the problems list. */
    overload: z
      .object({
        threadsRunning: z.number().int().positive().default(20),
        connectionsRatio: z.number().positive().max(1).default(0.8),
      })
      .strict()
      .default({ threadsRunning: 20, connectionsRatio: 0.8 }),
    retention: retentionSchema.default(retentionSchema.parse({})),
  })
  .passthrough()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.servers.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: ["servers", i, "id"], message: `duplicate server id "${s.id}"` });
      seen.add(s.id);
    });
    const clusters = new Set<string>();
    cfg.clusters.forEach((c, i) => {
      if (clusters.has(c.id)) ctx.addIssue({ code: "custom", path: ["clusters", i, "id"], message: `duplicate cluster id "${c.id}"` });
      clusters.add(c.id);
    });
  });

export type HotSeatConfig = z.infer<typeof configSchema>;
export type ServerConfig = HotSeatConfig["servers"][number];
export type AppServerConfig = HotSeatConfig["appServers"][number];
export type UserRole = "viewer" | "operator" | "admin";
