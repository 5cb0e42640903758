import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { TestNotification } from "@/components/alerts/test-notification";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { alertsOverview } from "@/lib/alerts";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { listDeliveries } from "@/lib/notify";
import { formatClock, formatUtc } from "@/lib/time";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

const TH = "px-2 py-1 font-normal";
const TD = "px-2 py-1";

// GET /alerts – the rules in force, what fires now, webhooks and their deliveries, a test button
export default async function AlertsPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/alerts");
  const canOperate = hasRole(caller, "operator");
  const { rules, firing, recent, webhooks } = alertsOverview();
  const deliveries = canOperate ? listDeliveries({ limit: 20 }) : [];

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
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-400">
              <tr>
                <th className={TH}>rule</th>
                <th className={TH}>fires after</th>
                <th className={TH}>thresholds</th>
                <th className={TH}>maintenance</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => {
                const slug = r.runbook;
                return (
                  <tr key={r.id} className="border-t border-slate-800" data-testid={`rule-${r.id}`}>
                    <td className={TD}>
                      <span className={r.enabled ? "text-slate-100" : "text-slate-500 line-through"}>{r.title}</span>
                      {slug && (
                        <Link href={`/runbooks/${slug}`} className="ml-1 text-xs text-sky-300 hover:underline">
                          runbook
                        </Link>
                      )}
                    </td>
                    <td className={TD}>{r.forSeconds} s</td>
                    <td className={`${TD} font-mono text-xs`}>{Object.entries(r.thresholds).map(([k, v]) => `${k} ${v}`).join(", ") || "—"}</td>
                    <td className={TD}>{r.silenceDuringMaintenance ? "silenced" : "fires"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
      </div>

      <Card className="overflow-x-auto">
        <h2 className="mb-1 text-sm font-semibold text-slate-300">Recent alerts</h2>
        {recent.length === 0 ? (
          <p className="text-sm text-slate-400">No alert has fired yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <tbody>
              {recent.map((a) => (
                <tr key={a.id} className="border-t border-slate-800">
                  <td className={`${TD} font-mono text-xs whitespace-nowrap text-slate-400`}>{formatUtc(a.firedAt, "second")}</td>
                  <td className={`${TD} font-mono`}>{a.rule}</td>
                  <td className={TD}>{a.serverId ?? "fleet"}</td>
                  <td className={TD}>{a.resolvedAt ? <Badge tone="ok">resolved {formatClock(a.resolvedAt)}</Badge> : <Badge tone="danger">firing</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      {canOperate && (
        <Card className="overflow-x-auto">
          <h2 className="mb-1 text-sm font-semibold text-slate-300">Deliveries</h2>
          {deliveries.length === 0 ? (
            <p className="text-sm text-slate-400">No notification sent yet.</p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="deliveries">
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-slate-800">
                    <td className={`${TD} font-mono text-xs whitespace-nowrap text-slate-400`}>{formatUtc(d.createdAt, "second")}</td>
                    <td className={TD}>{d.event}</td>
                    <td className={`${TD} font-mono text-xs`}>{d.target}</td>
                    <td className={TD}>
                      <Badge tone={d.status === "delivered" ? "ok" : d.status === "pending" ? "warn" : "danger"}>{d.status}</Badge>
                    </td>
                    <td className={`${TD} text-xs text-slate-400`}>
                      {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                      {d.lastStatus != null && `, HTTP ${d.lastStatus}`}
                      {d.status !== "delivered" && d.lastError && `, ${d.lastError}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </div>
  );
}
