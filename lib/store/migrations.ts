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
];
