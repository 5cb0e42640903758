import type { Metadata } from "next";
import { AppTierRow } from "@/components/appservers/app-tier-row";
import { Dashboard } from "@/components/dashboard/dashboard";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { RecoveryNotice } from "@/components/failover/recovery-notice";

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
  return (
    <>
      <h1 className="sr-only">Dashboard</h1>
      <RecoveryNotice />
      <Dashboard canAct={canAct} search={search} />
      <div className="mt-3">
        <AppTierRow canRestart={canAct} />
      </div>
    </>
  );
}
