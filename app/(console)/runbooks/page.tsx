import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { currentCaller } from "@/lib/auth/server";
import { listRunbooks } from "@/lib/runbooks";

export const metadata: Metadata = { title: "Runbooks" };
export const dynamic = "force-dynamic";

// GET /runbooks – what to do about each problem and alert
export default async function RunbooksPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/runbooks");
  const runbooks = await listRunbooks();
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">Runbooks</h1>
      <div className="grid gap-3 md:grid-cols-2">
        {runbooks.map((r) => (
          <Card key={r.slug} data-testid="runbook-card">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/runbooks/${r.slug}`} className="font-semibold text-sky-300 hover:underline">
                {r.title}
              </Link>
              {r.source === "edited" && <Badge tone="info">edited</Badge>}
            </div>
            {r.codes.length > 0 && <p className="mt-1 font-mono text-xs text-slate-400">{r.codes.join(" · ")}</p>}
          </Card>
        ))}
      </div>
    </div>
  );
}
