"use client";

import Link from "next/link";
import type { ReplicaCause } from "@/lib/processlist/cause";
import { useCauses } from "@/lib/swr/use-causes";
import { formatSeconds } from "./format";

export interface CauseOfLagProps {
  serverId: string;
}

const linkClass = "text-sky-300 underline-offset-2 hover:underline";

function Applying({ cause }: { cause: ReplicaCause }) {
  const a = cause.applying;
  return (
    <Link href={cause.applyingHref} className={linkClass} data-testid={`cause-applying-${cause.serverId}`}>
      {a ? (
        <>
          Applies <strong>{a.kind ?? "a statement"}</strong>
          {a.table ? <> on <code className="font-mono">{a.table}</code></> : null}
          {a.forSeconds === null ? "" : a.forSeconds < 1 ? " for under 1 s" : ` for ${formatSeconds(a.forSeconds)}`}
        </>
      ) : (
        "Applies nothing right now (waiting for events)"
      )}
    </Link>
  );
}

function TopWriter({ cause }: { cause: ReplicaCause }) {
  const w = cause.topWriter;
  if (!cause.writersHref) return null;
  return (
    <Link href={cause.writersHref} className={linkClass} data-testid={`cause-writer-${cause.serverId}`}>
      {w ? (
        <>
          Writing most on {cause.sourceId}: <span className="font-mono">{w.account}</span>{" "}
          <code className="font-mono text-slate-300" title={w.fingerprint}>
            {w.fingerprint.length > 80 ? `${w.fingerprint.slice(0, 80)}…` : w.fingerprint}
          </code>
          {w.rowsPerSecond !== null ? ` · ${w.rowsPerSecond.toLocaleString("en-US", { maximumFractionDigits: 1 })} rows/s` : ` · seen ${formatSeconds(w.seconds)}`}
        </>
      ) : (
        `Who is writing on ${cause.sourceId}`
      )}
    </Link>
  );
}

/** Why a lagging replica is behind, beside the symptom: what it applies and who writes most on its source, each a link to the full view. */
export function CauseOfLag({ serverId }: CauseOfLagProps) {
  const { data } = useCauses();
  const cause = data?.replicas.find((r) => r.serverId === serverId);
  if (!cause) return null;
  return (
    <div className="mt-1.5 space-y-0.5 text-xs" data-testid={`cause-${serverId}`}>
      <p className="truncate">
        <Applying cause={cause} />
      </p>
      <p className="truncate">
        <TopWriter cause={cause} />
      </p>
    </div>
  );
}
