import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Markdown } from "@/components/runbooks/markdown";
import { RunbookEditor } from "@/components/runbooks/runbook-editor";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { getRunbook } from "@/lib/runbooks";

export const metadata: Metadata = { title: "Runbook" };
export const dynamic = "force-dynamic";

// GET /runbooks/{slug} – one runbook; admins edit it here
export default async function RunbookPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await currentCaller();
  if (!caller) redirect(`/login?callbackUrl=/runbooks/${encodeURIComponent(slug)}`);
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)) notFound();
  const runbook = await getRunbook(slug);
  if (!runbook) notFound();
  return (
    <div className="mx-auto max-w-3xl space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Link href="/runbooks" className="text-sm text-slate-400 hover:text-slate-200">
          ← Runbooks
        </Link>
        <h1 className="text-lg font-semibold text-slate-100" data-testid="runbook-title">
          {runbook.title}
        </h1>
        {runbook.source === "edited" ? <Badge tone="info">edited by {runbook.updatedBy}</Badge> : <Badge>shipped default</Badge>}
      </div>
      {runbook.codes.length > 0 && <p className="font-mono text-xs text-slate-400">For: {runbook.codes.join(" · ")}</p>}
      <Card data-testid="runbook-body">
        <Markdown source={runbook.body} />
      </Card>
      {hasRole(caller, "admin") && <RunbookEditor slug={runbook.slug} title={runbook.title} body={runbook.body} edited={runbook.source === "edited"} />}
    </div>
  );
}
