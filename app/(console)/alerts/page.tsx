import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { TestNotification } from "@/components/alerts/test-notification";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { alertsOverview } from "@/lib/alerts";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { listDeliveries } from "@/lib/notify";
import { formatClock, formatUtc } from "@/lib/time";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

// GET /alerts – the rules in force, what fires now, webhooks and their deliveries, a test button
export default async function AlertsPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/alerts");
  const canOperate = hasRole(caller, "operator");
  const [{ rules, firing, recent, webhooks }, deliveries] = await Promise.all([alertsOverview(), canOperate ? listDeliveries({ limit: 20 }) : []]);

  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">Alerts</h1>

      <Card>
        <h2 className="mb-1 text-sm font-semibold text-slate-300">Firing now</h2>
        {firing.length === 0 ? (
          <p className="text-sm text-slate-400" data-testid="alerts-none">Nothing is firing.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="alerts-firing">
            {firing.map((a) => (
              <li key={a.id}>
                <Badge tone={a.severity === "critical" ? "danger" : "warn"}>{a.severity}</Badge> <span className="font-mono">{a.rule}</span>
                {a.serverId && ` on ${a.serverId}`} since {formatUtc(a.firedAt, "second")}: <span className="text-slate-300">{a.lastMessage ?? a.message}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="grid gap-3 lg:grid-cols-2">
        <Card>
          <h2 className="mb-1 text-sm font-semibold text-slate-300">Webhooks</h2>
          {webhooks.length === 0 ? (
            <p className="text-sm text-slate-400">None configured (alerts.webhooks in the configuration).</p>
          ) : (
            <ul className="text-sm">
              {webhooks.map((w, i) => (
                <li key={i} className="font-mono">
                  {w.target} <span className="text-slate-400">({w.format})</span>
                </li>
              ))}
            </ul>
          )}
          {canOperate && (
            <div className="mt-2">
              <TestNotification />
            </div>
          )}
        </Card>
        <Card className="overflow-x-auto">
          <h2 className="mb-1 text-sm font-semibold text-slate-300">Rules</h2>
          <Table>
            <TableHead>
              <Th>rule</Th>
              <Th>fires after</Th>
              <Th>thresholds</Th>
              <Th>maintenance</Th>
            </TableHead>
            <tbody>
              {rules.map((r) => {
                const slug = r.runbook;
                return (
                  <Tr key={r.id} data-testid={`rule-${r.id}`}>
                    <Td>
                      <span className={r.enabled ? "text-slate-100" : "text-slate-500 line-through"}>{r.title}</span>
                      {slug && (
                        <Link href={`/runbooks/${slug}`} className="ml-1 text-xs text-sky-300 hover:underline">
                          runbook
                        </Link>
                      )}
                    </Td>
                    <Td>{r.forSeconds} s</Td>
                    <Td className="font-mono text-xs">{Object.entries(r.thresholds).map(([k, v]) => `${k} ${v}`).join(", ") || "—"}</Td>
                    <Td>{r.silenceDuringMaintenance ? "silenced" : "fires"}</Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        </Card>
      </div>

      <Card className="overflow-x-auto">
        <h2 className="mb-1 text-sm font-semibold text-slate-300">Recent alerts</h2>
        {recent.length === 0 ? (
          <p className="text-sm text-slate-400">No alert has fired yet.</p>
        ) : (
          <Table>
            <tbody>
              {recent.map((a) => (
                <Tr key={a.id}>
                  <Td className="font-mono text-xs whitespace-nowrap text-slate-400">{formatUtc(a.firedAt, "second")}</Td>
                  <Td className="font-mono">{a.rule}</Td>
                  <Td>{a.serverId ?? "fleet"}</Td>
                  <Td>{a.resolvedAt ? <Badge tone="ok">resolved {formatClock(a.resolvedAt)}</Badge> : <Badge tone="danger">firing</Badge>}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      {canOperate && (
        <Card className="overflow-x-auto">
          <h2 className="mb-1 text-sm font-semibold text-slate-300">Deliveries</h2>
          {deliveries.length === 0 ? (
            <p className="text-sm text-slate-400">No notification sent yet.</p>
          ) : (
            <Table data-testid="deliveries">
              <tbody>
                {deliveries.map((d) => (
                  <Tr key={d.id}>
                    <Td className="font-mono text-xs whitespace-nowrap text-slate-400">{formatUtc(d.createdAt, "second")}</Td>
                    <Td>{d.event}</Td>
                    <Td className="font-mono text-xs">{d.target}</Td>
                    <Td>
                      <Badge tone={d.status === "delivered" ? "ok" : d.status === "pending" ? "warn" : "danger"}>{d.status}</Badge>
                    </Td>
                    <Td className="text-xs text-slate-400">
                      {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                      {d.lastStatus != null && `, HTTP ${d.lastStatus}`}
                      {d.status !== "delivered" && d.lastError && `, ${d.lastError}`}
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      )}
    </div>
  );
}
