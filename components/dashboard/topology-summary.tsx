import Link from "next/link";
import type { TopologyView } from "@/lib/topology/types";

export interface TopologySummaryProps {
  view: TopologyView;
  /** operators get the way to switch the writer to its partner (and back) */
  canAct?: boolean;
}

/** One line that answers "who is the writer, who is its partner, who takes reads". */
export function TopologySummary({ view, canAct = false }: TopologySummaryProps) {
  const writer = view.servers.find((s) => s.id === view.writer);
  const coMasters = view.servers.filter((s) => s.role === "co-master");
  // The read pool: every server but the writer (the co-master replicates too).
  const pool = view.servers.filter((s) => s.id !== view.writer);
  const eligible = pool.filter((s) => s.readEligible);

  return (
    <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="topology-summary">
      <div className="rounded-md border border-violet-600/70 bg-violet-950/40 px-3 py-2">
        <dt className="text-[11px] uppercase tracking-wide text-violet-300">Writer</dt>
        <dd className="font-mono text-lg font-bold text-violet-100" data-testid="summary-writer">
          {writer ? writer.id : "none"}
        </dd>
      </div>
      <div className="rounded-md border border-slate-800 bg-slate-900/60 px-3 py-2">
        <dt className="text-[11px] uppercase tracking-wide text-slate-400">Master-master pair</dt>
        <dd className="font-mono text-lg font-semibold text-sky-200" data-testid="summary-pair">
          {writer && coMasters.length ? `${writer.id} ⇄ ${coMasters.map((s) => s.id).join(", ")}` : "none"}
        </dd>
        {/* The partner takes over, or the writer goes back to it: the plan for it, preselected. */}
        {canAct && writer
          ? coMasters.map((s) => (
              <Link
                key={s.id}
                href={`/failover?candidate=${encodeURIComponent(s.id)}`}
                className="block text-xs font-semibold text-sky-300 underline underline-offset-2 hover:opacity-80"
                data-testid={`switch-writer-to-${s.id}`}
              >
                Switch the writer to {s.id} →
              </Link>
            ))
          : null}
      </div>
      <div className="rounded-md border border-slate-800 bg-slate-900/60 px-3 py-2">
        <dt className="text-[11px] uppercase tracking-wide text-slate-400">Servers taking reads</dt>
        <dd
          className={`font-mono text-lg font-semibold ${pool.length && eligible.length === 0 ? "text-red-300" : "text-slate-100"}`}
          data-testid="summary-read-pool"
        >
          {eligible.length} of {pool.length}
        </dd>
      </div>
      <div className="rounded-md border border-slate-800 bg-slate-900/60 px-3 py-2">
        <dt className="text-[11px] uppercase tracking-wide text-slate-400">Read cutoff</dt>
        <dd className="font-mono text-lg font-semibold text-slate-100">{view.lagCutoffSeconds} s</dd>
      </div>
    </dl>
  );
}
