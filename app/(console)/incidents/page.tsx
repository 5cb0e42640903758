import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { IncidentList } from "@/components/incidents/incident-list";
import { OpenIncidentForm } from "@/components/incidents/open-incident-form";
import { ComponentOverrides } from "@/components/status/component-overrides";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { listIncidents } from "@/lib/incidents";
import { COMPONENT_KEYS, currentStatus, listOverrides } from "@/lib/status";

export const metadata: Metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

// GET /incidents – what the public status page says: open an incident, post updates, pin a component
export default async function IncidentsPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/incidents");
  const canOperate = hasRole(caller, "operator");
  const { model } = await currentStatus();
  const components = model.summary.components.map((c) => ({ id: c.id, name: c.name, status: c.status }));
  const names = Object.fromEntries(COMPONENT_KEYS.map((k) => [k, components.find((c) => c.id === k)?.name ?? k])) as Record<(typeof COMPONENT_KEYS)[number], string>;
  const incidents = await listIncidents();

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-100">Incidents and public status</h1>
        <span className="text-sm text-slate-400" data-testid="console-overall">
          The public page says: <strong className="text-slate-100">{model.headline}</strong>
        </span>
        <Link href="/status" className={buttonClasses("secondary", "md", "ml-auto")} prefetch={false}>
          Open /status
        </Link>
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        {canOperate && (
          <Card>
            <h2 className="mb-2 text-sm font-semibold text-slate-300">Open an incident</h2>
            <OpenIncidentForm components={components} />
          </Card>
        )}
        <Card>
          <h2 className="mb-1 text-sm font-semibold text-slate-300">Components</h2>
          <p className="mb-1 text-xs text-slate-400">Live from the databases and the site check, raised by any open incident that names them; pin one when the live state is wrong or not the whole story.</p>
          <ComponentOverrides components={components} overrides={await listOverrides()} canOperate={canOperate} />
        </Card>
      </div>
      <IncidentList incidents={incidents} names={names} canOperate={canOperate} />
    </div>
  );
}
