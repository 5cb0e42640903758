import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProcesslistView } from "@/components/processlist/processlist-view";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Processlist" };
export const dynamic = "force-dynamic";

interface ProcesslistPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const FILTER_KEYS = ["server", "user", "host", "db", "command", "minTime", "text", "kind"] as const;

// GET /processlist – every server's threads in one live table; operators can kill client threads
export default async function ProcesslistPage({ searchParams }: ProcesslistPageProps) {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/processlist");
  const raw = await searchParams;
  const initialQuery = Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (typeof raw[k] === "string" && raw[k] ? [[k, raw[k] as string]] : [])),
  );
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">Processlist</h1>
      {/* Keyed by the filters: a link to other filters (from the dashboard) starts from them, not from the last ones. */}
      <ProcesslistView key={new URLSearchParams(initialQuery).toString()} canKill={hasRole(caller, "operator")} initialQuery={initialQuery} />
    </div>
  );
}
