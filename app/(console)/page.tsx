import type { Metadata } from "next";
import { AppTierRow } from "@/components/appservers/app-tier-row";
import { Dashboard } from "@/components/dashboard/dashboard";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { RecoveryNotice } from "@/components/failover/recovery-notice";
import { MaintenanceSwitch } from "@/components/maintenance/maintenance-switch";
import { getMaintenance, type MaintenanceState } from "@/lib/maintenance";

export const metadata: Metadata = { title: "Dashboard" };

// GET / – every server's replication, lag against the read cutoff, and the fleet's problems, live.
interface DashboardPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

// GET /?view=fleet|cards&cluster=ID&health=H – the table or the cards on demand, the table's filters
export default async function DashboardPage({ searchParams }: DashboardPageProps) {
  const raw = await searchParams;
  const search = { view: one(raw.view), cluster: one(raw.cluster), health: one(raw.health) };
  const caller = await currentCaller();
  const canAct = !!caller && hasRole(caller, "operator");
  let maintenance: MaintenanceState | null = null;
  try {
    if (canAct) maintenance = await getMaintenance();
  } catch (err) {
    // the store cannot be read: the banner above says so, and no switch is offered
    console.error("[hotseat] dashboard maintenance switch:", (err as Error).message);
  }
  return (
    <>
      <h1 className="sr-only">Dashboard</h1>
      <RecoveryNotice />
      {/* Operators switch maintenance from here too, through the Maintenance page's confirmation. */}
      {maintenance ? (
        <div className="mb-3 flex justify-end">
          <MaintenanceSwitch initial={maintenance} canOperate compact />
        </div>
      ) : null}
      <Dashboard canAct={canAct} search={search} />
      <div className="mt-3">
        <AppTierRow canRestart={canAct} />
      </div>
    </>
  );
}
