import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { FollowupsPanel } from "@/components/incidents/followups-panel";
import { TimelineList } from "@/components/timeline/timeline-list";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { buttonClasses } from "@/components/ui/button";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { ruleTitle } from "@/lib/alerts/rules";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { incidentViewWithLag, lagCoverageWords, lagSecondsWords, pastCutoffWords } from "@/lib/incidents";
import { runbookSlugFor } from "@/lib/runbooks/defaults";
import { UPDATE_WORDS } from "@/lib/status/words";
import { formatSecondsTaken as secs, formatUtc } from "@/lib/time";

export const metadata: Metadata = { title: "Incident" };
export const dynamic = "force-dynamic";

const utc = (iso: string) => formatUtc(iso, "second");

// GET /incidents/{id} – the incident from first signal to resolution, and its battle report
export default async function IncidentViewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const caller = await currentCaller();
  if (!caller) redirect(`/login?callbackUrl=/incidents/${encodeURIComponent(raw)}`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const view = await incidentViewWithLag(id);
  if (!view) notFound();
  const { incident: i, lag } = view;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Link href="/incidents" className="text-sm text-slate-400 hover:text-slate-200">
          ← Incidents
        </Link>
        <h1 className="text-lg font-semibold wrap-anywhere text-slate-100" data-testid="incident-name">
          {i.name}
        </h1>
        <Badge tone={i.status === "resolved" ? "ok" : "warn"}>{UPDATE_WORDS[i.status]}</Badge>
        <Badge tone={i.impact === "none" ? "neutral" : i.impact === "minor" ? "warn" : "danger"}>{i.impact} impact</Badge>
        <a
          href={`/api/incidents/${i.id}/report.md`}
          download={`incident-${i.id}-report.md`}
          className={buttonClasses("primary", "md", "ml-auto")}
          data-testid="download-report"
        >
          Download battle report (Markdown)
        </a>
      </div>

      <Card>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="incident-clocks">
          <Stat label="First signal" wrap>
            {utc(view.firstSignalAt)}
          </Stat>
          <Stat label={`Time to detect (${view.detectedBy === "alert" ? "alert" : "opened"})`} testId="ttd">
            {secs(view.ttdSeconds)}
          </Stat>
          <Stat label="Time to mitigate" testId="ttm">
            {secs(view.ttmSeconds)}
          </Stat>
          <Stat label="Time to resolve" testId="ttr">
            {view.resolvedAt ? secs(view.ttrSeconds) : "open"}
          </Stat>
        </dl>
      </Card>

      <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
        <div className="space-y-3 lg:col-span-2">
          <h2 className="text-sm font-semibold text-slate-300">
            Timeline (UTC) · {utc(view.windowStart)} → {view.resolvedAt ? utc(view.windowEnd) : "now"}
          </h2>
          <TimelineList entries={view.timeline} />
        </div>
        <div className="space-y-3">
          <Card>
            <h2 className="mb-1 text-sm font-semibold text-slate-300">Alerts</h2>
            {view.alerts.length === 0 ? (
              <p className="text-sm text-slate-400">No alert fired in the window.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {view.alerts.map((a) => {
                  const slug = runbookSlugFor(a.rule);
                  return (
                    <li key={a.id}>
                      <span className="text-slate-100">{ruleTitle(a.rule)}</span>
                      {a.serverId && <span className="text-slate-300"> on {a.serverId}</span>}
                      <span className="block text-xs text-slate-400">
                        {utc(a.firedAt)} → {a.resolvedAt ? utc(a.resolvedAt) : "firing"}
                        {slug && (
                          <>
                            {" · "}
                            <Link href={`/runbooks/${slug}`} className="text-sky-300 hover:underline">
                              runbook
                            </Link>
                          </>
                        )}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
          <Card>
            <h2 className="mb-1 text-sm font-semibold text-slate-300">Replication lag over the window</h2>
            <Table data-testid="incident-lag">
              <TableHead>
                <Th>server</Th>
                <Th>min (known)</Th>
                <Th>max (known)</Th>
                <Th>past cutoff</Th>
                <Th>coverage</Th>
              </TableHead>
              <tbody>
                {lag.map((l) => (
                  <Tr key={l.serverId}>
                    <Td className="font-mono">{l.serverId}</Td>
                    <Td>{lagSecondsWords(l.minSeconds)}</Td>
                    <Td>{lagSecondsWords(l.maxSeconds)}</Td>
                    <Td>{pastCutoffWords(l)}</Td>
                    <Td className="text-xs text-slate-400">{lagCoverageWords(l)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          </Card>
          <Card>
            <h2 className="mb-1 text-sm font-semibold text-slate-300">Follow-ups</h2>
            <FollowupsPanel incidentId={i.id} followups={view.followups} canOperate={hasRole(caller, "operator")} />
          </Card>
        </div>
      </div>
    </div>
  );
}
