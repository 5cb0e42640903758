import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FailoverPanel } from "@/components/failover/failover-panel";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Failover" };
export const dynamic = "force-dynamic";

// GET /failover – plan and run a switch of the writer to its co-master (and back), watch the steps
export default async function FailoverPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/failover");
  const servers = getConfig().servers.map((s) => ({ id: s.id, name: s.name ?? s.id }));
  // Only a configured server is preselected: anything else in the URL is ignored.
  const { candidate } = await searchParams;
  const initialCandidate = servers.find((s) => s.id === candidate)?.id;
  // A preselected candidate is switched within its own cluster.
  const initialCluster = initialCandidate ? getCollector().topology().servers.find((s) => s.id === initialCandidate)?.clusterId : undefined;
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">Failover</h1>
      <p className="hidden max-w-3xl text-sm text-slate-400 sm:block">
        Only the writer&apos;s master-master partner may take over: a plain replica would leave the servers out of sync. A graceful switch
        sets the old writer read-only and waits until the new one has every transaction; an emergency switch, for a writer that is down
        or frozen, may lose its last transactions and needs your acknowledgement.
      </p>
      <FailoverPanel servers={servers} canAct={hasRole(caller, "operator")} initialCandidate={initialCandidate} initialCluster={initialCluster} />
    </div>
  );
}
