import Link from "next/link";
import type { IncidentRecord } from "@/lib/incidents/records";
import { formatUtc } from "@/lib/time";
import type { ComponentKey } from "@/lib/status/types";
import { UPDATE_WORDS } from "@/lib/status/words";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PostUpdateForm } from "./post-update-form";

export interface IncidentListProps {
  incidents: IncidentRecord[];
  names: Record<ComponentKey, string>;
  canOperate: boolean;
}

const IMPACT_TONE = { none: "neutral", minor: "warn", major: "danger", critical: "danger" } as const;

/** Incidents as operators see them: who posted each update, and the next update's form on open ones. */
export function IncidentList({ incidents, names, canOperate }: IncidentListProps) {
  if (incidents.length === 0) return <p className="text-sm text-slate-400">No incidents yet.</p>;
  const components = (Object.keys(names) as ComponentKey[]).map((id) => ({ id, name: names[id] }));
  return (
    <div className="space-y-3">
      {incidents.map((i) => (
        <Card key={i.id} data-testid="console-incident" className={i.status === "resolved" ? "" : "border-l-4 border-l-orange-500"}>
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-semibold wrap-anywhere text-slate-100">
              <Link href={`/incidents/${i.id}`} className="hover:underline" data-testid="incident-view-link">
                {i.name}
              </Link>
            </h3>
            <Badge tone={i.status === "resolved" ? "ok" : "warn"}>{UPDATE_WORDS[i.status]}</Badge>
            <Badge tone={IMPACT_TONE[i.impact]}>{i.impact} impact</Badge>
            <span className="ml-auto text-xs text-slate-400">
              opened {formatUtc(i.createdAt)} by {i.createdBy}
            </span>
          </div>
          <ol className="mt-2 space-y-1.5 text-sm">
            {i.updates.map((u) => (
              <li key={u.id}>
                <span className="font-semibold text-slate-200">{UPDATE_WORDS[u.status]}</span>{" "}
                <span className="break-words whitespace-pre-line text-slate-200">{u.body}</span>
                <span className="block text-xs text-slate-500">
                  {formatUtc(u.createdAt)} · {u.createdBy}
                  {u.components.length > 0 && ` · ${u.components.map((c) => names[c]).join(", ")}`}
                </span>
              </li>
            ))}
          </ol>
          {canOperate && i.status !== "resolved" && (
            <PostUpdateForm incidentId={i.id} current={i.status} affected={i.updates[0]?.components ?? []} components={components} />
          )}
        </Card>
      ))}
    </div>
  );
}
