import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { ProcesslistView } from "@/components/processlist/processlist-view";
import { WritersPanel } from "@/components/processlist/writers-panel";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

interface ServerPageProps {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: ServerPageProps): Promise<Metadata> {
  return { title: `Server ${(await params).id}` };
}

// GET /servers/{id} – one server: who is writing (beside its replicas' lag), what its replica thread applies, its threads
export default async function ServerPage({ params }: ServerPageProps) {
  const { id } = await params;
  const caller = await currentCaller();
  if (!caller) redirect(`/login?callbackUrl=/servers/${encodeURIComponent(id)}`);
  const server = getConfig().servers.find((s) => s.id === id);
  if (!server) notFound();
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">{server.name ?? server.id}</h1>
      <Card id="writers" className="scroll-mt-16">
        <h2 className="mb-2 text-sm font-semibold text-slate-100">Who is writing</h2>
        <WritersPanel serverId={server.id} />
      </Card>
      <ProcesslistView canKill={hasRole(caller, "operator")} serverId={server.id} />
    </div>
  );
}
