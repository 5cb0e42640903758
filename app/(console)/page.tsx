import type { Metadata } from "next";
import { Dashboard } from "@/components/dashboard/dashboard";
import { RecoveryNotice } from "@/components/failover/recovery-notice";

export const metadata: Metadata = { title: "Dashboard" };

// GET / – every server's replication, lag against the read cutoff, and the fleet's problems, live.
export default function DashboardPage() {
  return (
    <>
      <h1 className="sr-only">Dashboard</h1>
      <RecoveryNotice />
      <Dashboard />
    </>
  );
}
