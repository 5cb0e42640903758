/** The runbooks Hot Seat ships, written from the 9:15 story. Admins may edit them; these stay as the fallback. */
export interface RunbookDefault {
  slug: string;
  title: string;
  body: string;
}

export const DEFAULT_RUNBOOKS: readonly RunbookDefault[] = [
  {
    slug: "replica-lag",
    title: "Replica lag from batch writes",
    body: `## What you see
A replica's lag climbs past the read cutoff; the dashboard takes it out of the read pool. When every
replica is past the cutoff, **all reads fall back to the writer** and its load climbs.

## Decide
1. Open the server's page (its name on the [Dashboard](/)): is lag still rising, flat or falling? Replication is single-threaded:
   a write storm on the writer is applied one statement at a time.
2. [Processlist → Who is writing](/processlist): which statements and users write most on the writer? A batch
   job (cron, import, migration) is the usual cause.
3. Check what the replica's SQL thread is applying ([Processlist → What the replicas apply](/processlist)): one huge
   transaction, or many small ones?

## Act
- Pause or slow the batch job at its source (cron host, job queue). Do not kill the replica's SQL thread.
- If the writer's load climbs because every replica is out of the pool, consider [maintenance mode](/maintenance)
  before the writer freezes (see *Overloaded writer*).
- Lag falls as soon as the writes stop; watch the chart return under the cutoff line.

## Afterwards
Batch jobs write in small chunks with pauses, and check replica lag before the next chunk.`,
  },
  {
    slug: "replication-stopped",
    title: "Replication stopped or in error",
    body: `## What you see
A replica's IO or SQL thread is not running; its lag grows without bound (the heartbeat keeps
telling the truth where Seconds_Behind_Master turns NULL).

## Decide
1. The server card on the [Dashboard](/) shows the last replication error. Note it verbatim in the
   [incident](/incidents).
2. Stopped without an error: someone ran \`STOP SLAVE\` (check the [audit log](/audit) and the team chat).
3. Error 1062/1032 (duplicate or missing row): the replica has drifted from the writer. Skipping
   the event hides the drift; rebuild the replica from a fresh copy when you can.

## Act
- Deliberately stopped and safe to resume: \`START SLAVE;\` (MariaDB) / \`START REPLICA;\`.
- In error: fix the cause, or take the replica out of service and rebuild it. Never promote it.

## Afterwards
Record why it stopped; add a check to whatever stopped it.`,
  },
  {
    slug: "rogue-query",
    title: "Rogue query",
    body: `## What you see
A client statement has run for a long time ([Processlist](/processlist), flagged *long-running*, often as
*root* from an *interactive client*: a forgotten migration from someone's terminal).

## Decide
1. Who runs it (user, host) and what does it do? A SELECT can be killed safely; an ALTER or a big
   UPDATE rolls back, and the rollback can take as long as the work done so far.
2. Is it the reason for the load or the lag (locks, IO, replication waiting)? Check threads running
   and the replica activity.

## Act
- Kill the query (mode *query*) from the [Processlist](/processlist); the console re-checks that the same statement
  still runs on that thread id before it kills.
- Tell the owner, if you find them.

## Afterwards
Long migrations run with a tool that throttles on replica lag (pt-online-schema-change, gh-ost),
never as root from a laptop.`,
  },
  {
    slug: "overloaded-writer",
    title: "Overloaded writer",
    body: `## What you see
Threads running on the writer near or past the limit, connections near max_connections; pages
get slow, app servers (php-fpm, nginx) pile up waiting workers.

## Decide
1. Are reads falling back to the writer because every replica is past the cutoff? Then the lag is
   the cause: see *Replica lag from batch writes*.
2. Is one query the cause? See *Rogue query*.
3. Will it recover by itself in the next minutes? If not, protect the database before it freezes.

## Act
- Turn [maintenance mode](/maintenance) on with a message and an expected end: the site stops sending traffic.
- Kill what should not run; pause batch jobs.
- Turn maintenance off when threads running are back to normal and replicas are within the cutoff.

## Afterwards
Alert on threads running earlier; cap app-server workers below max_connections.`,
  },
  {
    slug: "frozen-master",
    title: "Frozen or dead master",
    body: `## What you see
The writer stops answering (server unreachable, no writer). A frozen mysqld keeps its TCP port
open but answers nothing; a rebooting host may sit in a file-system check for a long time.

## Decide
1. Can it come back in minutes? A file-system check or crash recovery can take much longer.
2. Does the site have to be up before then (a meeting, a sale)? Then switch the writer to the
   co-master. Plain replicas must **never** become the writer: the data would go out of sync.

## Act
- [Maintenance mode](/maintenance) on while you decide.
- [Failover](/failover) page: plan to the co-master; read every check. An emergency failover needs the old
  writer fenced (it must not accept writes when it returns).
- Announce on the [status page](/status): open an [incident](/incidents).

## Afterwards
See *Failover and failback* to return to the original writer.`,
  },
  {
    slug: "failover-and-failback",
    title: "Failover and failback",
    body: `## Failover (writer → co-master)
1. Only the master-master partner can take the writer; the console refuses replicas.
2. Graceful (old writer alive): it is made read-only, the co-master catches up, then writes move.
   Emergency (old writer dead): acknowledge the possible loss of the last transactions.
3. Applications read the published writer (\`GET /api/topology/writer\`); check the site writes again.

## Failback (when the old master is back)
1. Let it catch up as a replica of the current writer; check its replication runs without errors.
2. Plan the switch back from the [Failover](/failover) page (the anti-flapping window may ask for an acknowledgement).
3. Check both directions of master-master replication afterwards.

## Two writers
If more than one server accepts writes, make all but the published writer read-only at once.`,
  },
];

/** Problem and alert codes -> the runbook that helps. */
export const RUNBOOK_FOR_CODE: Readonly<Record<string, string>> = {
  replica_lagging: "replica-lag",
  all_replicas_past_cutoff: "replica-lag",
  heartbeat_failing: "replica-lag",
  replication_stopped: "replication-stopped",
  replication_error: "replication-stopped",
  long_running_query: "rogue-query",
  writer_overloaded: "overloaded-writer",
  connections_near_max: "overloaded-writer",
  server_unreachable: "frozen-master",
  no_writer: "frozen-master",
  multiple_writers: "failover-and-failback",
};

export function runbookSlugFor(code: string): string | null {
  return RUNBOOK_FOR_CODE[code] ?? null;
}
