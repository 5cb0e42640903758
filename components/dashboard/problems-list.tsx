import type { Problem, ProblemCode } from "@/lib/topology/types";
import { OpenIncidentFromProblem } from "@/components/incidents/open-from-problem";
import { Badge } from "@/components/ui/badge";
import { CauseAction } from "./cause-action";
import { sortProblems } from "./format";
import { ownsAction, ProblemAction, ProblemDetails } from "./problem-actions";
import { RunbookPanel } from "./runbook-panel";

export interface ProblemsListProps {
  problems: Problem[];
  /** operators get the actions beside a problem (kill) */
  canAct?: boolean;
}

/** Fleet-wide problems that change what the on-call engineer does next get a headline. */
const HEADLINE: Partial<Record<ProblemCode, string>> = {
  all_replicas_past_cutoff: "Every replica past the cutoff: reads fall back to the writer",
  no_writer: "No writer: nothing accepts writes",
  multiple_writers: "More than one writer: the servers may go out of sync",
  writer_overloaded: "Writer overloaded",
};

/** The topology's problems, critical first; the story's root causes stand out as a headline. */
export function ProblemsList({ problems, canAct = false }: ProblemsListProps) {
  if (problems.length === 0) {
    return (
      <p className="rounded-md border border-emerald-800 bg-emerald-950/40 px-3 py-2 text-sm text-emerald-200" data-testid="problems-none">
        No problems detected.
      </p>
    );
  }
  const sorted = sortProblems(problems);
  const headlines = sorted.filter((p) => HEADLINE[p.code]);
  // A writer nobody reaches is said once, in the no-writer headline (its error under details).
  const headlined = new Set(headlines.filter((p) => p.code === "no_writer").map((p) => p.serverId));
  const rest = sorted.filter((p) => !HEADLINE[p.code] && !(p.code === "server_unreachable" && headlined.has(p.serverId)));

  return (
    <section aria-labelledby="problems-heading" data-testid="problems" data-count={problems.length}>
      <h2 id="problems-heading" className="sr-only">
        Problems
      </h2>
      {headlines.map((p) => (
        <div
          key={`${p.code}-${p.serverId ?? "fleet"}`}
          role="alert"
          className={`mb-2 rounded-md border-2 px-3 py-2 ${p.severity === "critical" ? "border-red-500 bg-red-950 text-red-50" : "border-amber-500 bg-amber-950 text-amber-50"}`}
          data-testid={`problem-${p.code}`}
          data-severity={p.severity}
        >
          <p className="text-base font-bold">{HEADLINE[p.code]}</p>
          <p className="text-sm opacity-90">{p.message}</p>
          <ProblemAction problem={p} canAct={canAct} />
          {ownsAction(p) ? null : <CauseAction problem={p} />}
          <ProblemDetails details={p.details} />
          <RunbookPanel code={p.code} />
          {canAct ? <OpenIncidentFromProblem problem={p} /> : null}
        </div>
      ))}
      {rest.length > 0 ? (
        <ul className="divide-y divide-slate-800 rounded-md border border-slate-800 bg-slate-900/60">
          {rest.map((p) => (
            <li
              key={`${p.code}-${p.serverId ?? "fleet"}`}
              className="flex flex-wrap items-start gap-2 px-3 py-1.5 text-sm"
              data-testid={`problem-${p.code}${p.serverId ? `-${p.serverId}` : ""}`}
              data-severity={p.severity}
            >
              <Badge tone={p.severity === "critical" ? "danger" : "warn"} className="mt-0.5">
                {p.severity}
              </Badge>
              {p.serverId ? <span className="mt-0.5 font-mono font-semibold text-slate-100">{p.serverId}</span> : null}
              <span className="min-w-0 flex-1 text-slate-200">{p.message}</span>
              <ProblemAction problem={p} canAct={canAct} />
              {ownsAction(p) ? null : <CauseAction problem={p} />}
              <ProblemDetails details={p.details} />
              <div className="min-w-0 basis-full pl-1 text-sky-300">
                <RunbookPanel code={p.code} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
