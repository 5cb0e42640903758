import type Database from "better-sqlite3";

/**
 * One schema change. `id` is unique and never reused or edited once shipped: a store that already
 * applied it skips it. Append new entries at the end; they run in list order, once each, each in
 * its own transaction.
 */
export interface Migration {
  id: string;
  up: string | ((db: Database.Database) => void);
}

/** The console's schema, oldest first. Owners of other state append their migrations here. */
export const MIGRATIONS: Migration[] = [
  {
    id: "001_audit",
    up: `
      CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT    NOT NULL,            -- ISO 8601 UTC
        actor       TEXT    NOT NULL,            -- username, "token:<name>" or "anonymous"
        role        TEXT,                        -- the caller's role then; null when unknown
        via         TEXT,                        -- "session" | "token" | null
        action      TEXT    NOT NULL,            -- "kill", "maintenance.set", "PUT /api/..." ...
        server_id   TEXT,
        params      TEXT,                        -- JSON, secrets redacted
        result      TEXT    NOT NULL CHECK (result IN ('ok', 'refused', 'error', 'denied')),
        error       TEXT,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        ip          TEXT
      );
      CREATE INDEX audit_at ON audit (at);
      CREATE INDEX audit_actor_at ON audit (actor, at);
      CREATE INDEX audit_server_at ON audit (server_id, at);
      CREATE INDEX audit_action_at ON audit (action, at);
    `,
  },
  {
    id: "010_maintenance",
    up: `
      -- one row: the switch an operator sets (scheduled windows are rows of their own)
      CREATE TABLE maintenance_state (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        enabled     INTEGER NOT NULL DEFAULT 0,
        message     TEXT,
        since       TEXT,                        -- ISO 8601 UTC
        until       TEXT,                        -- expected end, announced; ISO 8601 UTC
        changed_at  TEXT,
        changed_by  TEXT,
        applied     TEXT                         -- JSON: the effective state the drivers last applied
      );
      INSERT INTO maintenance_state (id, enabled) VALUES (1, 0);
      CREATE TABLE maintenance_windows (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        starts_at    TEXT NOT NULL,
        ends_at      TEXT NOT NULL,
        message      TEXT,
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        cancelled_at TEXT,
        cancelled_by TEXT
      );
      CREATE INDEX maintenance_windows_ends ON maintenance_windows (ends_at);
    `,
  },
  {
    // Public status page (lib/status): incidents and their updates, operator overrides, daily uptime.
    id: "020_status",
    up: `
      CREATE TABLE status_incidents (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
        impact        TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        monitoring_at TEXT,
        resolved_at   TEXT,
        created_by    TEXT NOT NULL
      );
      CREATE INDEX status_incidents_created ON status_incidents (created_at);
      CREATE TABLE status_incident_updates (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id INTEGER NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
        status      TEXT NOT NULL,
        body        TEXT NOT NULL,
        components  TEXT NOT NULL DEFAULT '[]',   -- JSON array of component keys
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
      );
      CREATE INDEX status_incident_updates_incident ON status_incident_updates (incident_id, created_at);
      CREATE TABLE status_overrides (
        component TEXT PRIMARY KEY,
        status    TEXT NOT NULL,
        note      TEXT,
        set_by    TEXT NOT NULL,
        set_at    TEXT NOT NULL,
        until     TEXT
      );
      CREATE TABLE status_daily (
        day                 TEXT NOT NULL,         -- YYYY-MM-DD, UTC
        component           TEXT NOT NULL,
        operational_seconds REAL NOT NULL DEFAULT 0,
        degraded_seconds    REAL NOT NULL DEFAULT 0,
        partial_seconds     REAL NOT NULL DEFAULT 0,
        major_seconds       REAL NOT NULL DEFAULT 0,
        maintenance_seconds REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (day, component)
      );
    `,
  },
  {
    // Issue 6: the writer applications are told to use, and every failover with its steps.
    id: "030_failover",
    up: `
      CREATE TABLE published_writer (
        slot         INTEGER PRIMARY KEY CHECK (slot = 1),  -- one row: the writer now
        server_id    TEXT    NOT NULL,
        host         TEXT    NOT NULL,
        port         INTEGER NOT NULL,
        published_at TEXT    NOT NULL,
        published_by TEXT    NOT NULL,
        run_id       INTEGER
      );
      CREATE TABLE failover_runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at  TEXT    NOT NULL,
        finished_at TEXT,
        actor       TEXT    NOT NULL,
        mode        TEXT    NOT NULL,                 -- graceful | emergency
        from_server TEXT,
        to_server   TEXT    NOT NULL,
        status      TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'rolled_back')),
        message     TEXT,
        steps       TEXT    NOT NULL DEFAULT '[]',    -- JSON, rewritten as each step ends
        plan        TEXT                              -- JSON: the checks it ran on
      );
      CREATE INDEX failover_runs_started ON failover_runs (started_at);
    `,
  },
  {
    // Issue 8: alert episodes, webhook deliveries, admin-edited runbooks, incident follow-ups.
    id: "040_alerts",
    up: `
      CREATE TABLE alert_episodes (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        rule          TEXT NOT NULL,
        server_id     TEXT,
        severity      TEXT NOT NULL CHECK (severity IN ('critical', 'warning')),
        message       TEXT NOT NULL,
        pending_since TEXT NOT NULL,              -- the first signal: condition first seen
        fired_at      TEXT NOT NULL,
        resolved_at   TEXT,
        last_message  TEXT
      );
      CREATE INDEX alert_episodes_fired ON alert_episodes (fired_at);
      CREATE INDEX alert_episodes_open ON alert_episodes (resolved_at);
      CREATE TABLE alert_deliveries (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        episode_id      INTEGER REFERENCES alert_episodes (id) ON DELETE SET NULL,
        event           TEXT NOT NULL CHECK (event IN ('firing', 'resolved', 'test')),
        url             TEXT NOT NULL,            -- never sent to browsers: Slack URLs are secrets
        target          TEXT NOT NULL,            -- the URL's origin, for display
        format          TEXT NOT NULL CHECK (format IN ('slack', 'json')),
        payload         TEXT NOT NULL,            -- JSON body as sent
        status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_status     INTEGER,
        last_error      TEXT,
        attempt_log     TEXT NOT NULL DEFAULT '[]', -- JSON: [{ at, status, error, durationMs }]
        created_at      TEXT NOT NULL,
        next_attempt_at TEXT,
        delivered_at    TEXT
      );
      CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);
      CREATE INDEX alert_deliveries_created ON alert_deliveries (created_at);
      CREATE TABLE runbooks (
        slug       TEXT PRIMARY KEY,
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE TABLE incident_followups (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id INTEGER NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
        text        TEXT NOT NULL,
        owner       TEXT,
        done        INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL,
        done_at     TEXT
      );
      CREATE INDEX incident_followups_incident ON incident_followups (incident_id);
    `,
  },
  {
    // Retention (lib/store/retention.ts): row counts of the bounded histories, kept by triggers that
    // retention.ts creates at open; partial indexes find the oldest named and anonymous audit rows.
    id: "050_retention_bounds",
    up: `
      CREATE TABLE retention_bounds (
        kind     TEXT PRIMARY KEY,
        max_rows INTEGER,
        rows     INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX audit_named_id ON audit (id) WHERE role IS NOT NULL;
      CREATE INDEX audit_anonymous_id ON audit (id) WHERE role IS NULL;
    `,
  },
  {
    // A running failover belongs to a live console: its owner renews a lease, and a run whose owner is
    // gone is marked interrupted and recovered (lib/actions/failover/recovery.ts). SQLite cannot widen a
    // CHECK, so the table is rebuilt with the new status.
    id: "060_failover_lease",
    up: `
      CREATE TABLE failover_runs_new (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at       TEXT    NOT NULL,
        finished_at      TEXT,
        actor            TEXT    NOT NULL,
        mode             TEXT    NOT NULL,
        from_server      TEXT,
        to_server        TEXT    NOT NULL,
        status           TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'rolled_back', 'interrupted')),
        message          TEXT,
        steps            TEXT    NOT NULL DEFAULT '[]',
        plan             TEXT,
        owner            TEXT,   -- the console process running it: host:pid:start:random
        lease_expires_at TEXT    -- renewed by the owner while it runs; past it, any console may recover the run
      );
      INSERT INTO failover_runs_new (id, started_at, finished_at, actor, mode, from_server, to_server, status, message, steps, plan)
        SELECT id, started_at, finished_at, actor, mode, from_server, to_server, status, message, steps, plan FROM failover_runs;
      DROP TABLE failover_runs;
      ALTER TABLE failover_runs_new RENAME TO failover_runs;
      CREATE INDEX failover_runs_started ON failover_runs (started_at);
      CREATE INDEX failover_runs_running ON failover_runs (status, lease_expires_at);
    `,
  },
  {
    // Several clusters: one published writer per cluster. A row per server ever published; a
    // cluster's writer is the most recently published of its servers (lib/writer/store.ts).
    id: "070_published_writer_per_cluster",
    up: `
      CREATE TABLE published_writers (
        server_id    TEXT    PRIMARY KEY,
        host         TEXT    NOT NULL,
        port         INTEGER NOT NULL,
        published_at TEXT    NOT NULL,
        published_by TEXT    NOT NULL,
        run_id       INTEGER,
        seq          INTEGER NOT NULL  -- publish order: the highest of a cluster's servers is its writer
      );
      INSERT INTO published_writers (server_id, host, port, published_at, published_by, run_id, seq)
        SELECT server_id, host, port, published_at, published_by, run_id, 1 FROM published_writer;
      DROP TABLE published_writer;
    `,
  },
];
