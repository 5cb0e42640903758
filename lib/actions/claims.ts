/**
 * Claims on actions that must not run twice at once, whichever console of a shared store is asked
 * (a kill of one thread): a row per claimed action in the store, taken by compare-and-set, freed
 * when the action ends, and free again past its expiry if its console died mid-way.
 */
import crypto from "node:crypto";
import { store, type Store } from "@/lib/store";
import { consoleOwner } from "./failover/lease";

export interface ActionClaim {
  key: string;
  /** this console and this one request: a second request of the same console is another owner */
  owner: string;
}

/**
 * Claim `key` for `ttlMs`; null when another claim of it holds (not yet released nor expired).
 * One statement on either engine: the insert, or over an expired claim the update, of which a
 * concurrent second claim sees the first's row and changes nothing.
 */
export async function claimAction(key: string, ttlMs: number, db?: Store, now = Date.now()): Promise<ActionClaim | null> {
  const d = db ?? (await store());
  const owner = `${consoleOwner()}#${crypto.randomBytes(4).toString("hex")}`;
  const at = new Date(now).toISOString();
  const claim = { claim_key: key, owner, claimed_at: at, expires_at: new Date(now + ttlMs).toISOString() };
  const r = await d
    .insertInto("action_claims")
    .values(claim)
    .onConflict((oc) =>
      oc
        .column("claim_key")
        .doUpdateSet({ owner: claim.owner, claimed_at: claim.claimed_at, expires_at: claim.expires_at })
        .where("action_claims.expires_at", "<=", at),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? { key, owner } : null;
}

/**
 * Free a claim this request holds (a claim taken over after its expiry is someone else's now), and
 * any claim long expired, which a console that died mid-action left behind.
 */
export async function releaseAction(claim: ActionClaim, db?: Store, now = Date.now()): Promise<void> {
  const d = db ?? (await store());
  const stale = new Date(now - 3600_000).toISOString();
  await d
    .deleteFrom("action_claims")
    .where((eb) => eb.or([eb.and([eb("claim_key", "=", claim.key), eb("owner", "=", claim.owner)]), eb("expires_at", "<", stale)]))
    .execute();
}
