/**
 * GTID arithmetic for the failover checks: how many transactions one position has that another
 * lacks. Two notations: MariaDB `domain-server-seq` lists (one entry per domain; seq numbers order
 * a domain) and MySQL `uuid:1-100:105` interval sets. Pure.
 */

type MariaPos = Map<string, number>;
type MySqlSet = Map<string, [number, number][]>;

const isMySqlNotation = (gtid: string) => gtid.includes(":");

function entries(gtid: string | null | undefined): string[] {
  return (gtid ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** MariaDB: domain -> highest seq_no. */
function parseMaria(gtid: string | null | undefined): MariaPos {
  const pos: MariaPos = new Map();
  for (const e of entries(gtid)) {
    const m = /^(\d+)-(\d+)-(\d+)$/.exec(e);
    if (!m) throw new Error(`not a MariaDB GTID: ${e}`);
    pos.set(m[1], Math.max(pos.get(m[1]) ?? 0, Number(m[3])));
  }
  return pos;
}

/** MySQL: uuid -> sorted, merged intervals. */
function parseMySql(gtid: string | null | undefined): MySqlSet {
  const set: MySqlSet = new Map();
  for (const e of entries(gtid)) {
    const [uuid, ...ranges] = e.split(":");
    const list = set.get(uuid.toLowerCase()) ?? [];
    for (const r of ranges) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(r);
      if (!m) continue; // a tag (8.4 tagged GTIDs) or garbage: not counted
      list.push([Number(m[1]), Number(m[2] ?? m[1])]);
    }
    set.set(uuid.toLowerCase(), list);
  }
  return set;
}

function countOutside(want: [number, number][], have: [number, number][]): number {
  let missing = 0;
  for (const [a, b] of want) {
    let count = b - a + 1;
    for (const [c, d] of have) {
      const lo = Math.max(a, c);
      const hi = Math.min(b, d);
      if (hi >= lo) count -= hi - lo + 1;
    }
    missing += Math.max(0, count);
  }
  return missing;
}

/**
 * How many transactions `want` holds that `have` lacks (0 when `have` covers `want`).
 * MariaDB counts by seq_no per domain, exact within one domain's linear history.
 */
export function gtidMissing(want: string | null | undefined, have: string | null | undefined): number {
  const w = (want ?? "").trim();
  if (!w) return 0;
  if (isMySqlNotation(w)) {
    const ws = parseMySql(w);
    const hs = parseMySql(have);
    let missing = 0;
    for (const [uuid, intervals] of ws) missing += countOutside(intervals, hs.get(uuid) ?? []);
    return missing;
  }
  const wp = parseMaria(w);
  const hp = parseMaria(have);
  let missing = 0;
  for (const [domain, seq] of wp) missing += Math.max(0, seq - (hp.get(domain) ?? 0));
  return missing;
}

/** True when `have` contains every transaction of `want`. */
export function gtidCovers(have: string | null | undefined, want: string | null | undefined): boolean {
  return gtidMissing(want, have) === 0;
}
