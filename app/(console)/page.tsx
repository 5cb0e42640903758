import type { Metadata } from "next";
import { AppTierRow } from "@/components/appservers/app-tier-row";
import { Dashboard } from "@/components/dashboard/dashboard";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { RecoveryNotice } from "@/components/failover/recovery-notice";

export const metadata: Metadata = { title: "Dashboard" };

// GET / – every server's replication, lag against the read cutoff, and the fleet's problems, live.
export default async function DashboardPage() {
  const caller = await currentCaller();
  return (
    <>
      <h1 className="sr-only">Dashboard</h1>
      <RecoveryNotice />
      <Dashboard canAct={!!caller && hasRole(caller, "operator")} />
      <div className="mt-3">
        <AppTierRow canRestart={!!caller && hasRole(caller, "operator")} />
      </div>
    </>
  );
}
