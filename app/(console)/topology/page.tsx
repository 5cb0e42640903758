import type { Metadata } from "next";
import { TopologyLive } from "@/components/topology/topology-live";

export const metadata: Metadata = { title: "Topology" };

// GET /topology – who replicates from whom, one picture per cluster, lag on every channel, live
export default function TopologyPage() {
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">Topology</h1>
      <TopologyLive />
    </div>
  );
}
