import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { TimelineList } from "@/components/timeline/timeline-list";
import { currentCaller } from "@/lib/auth/server";
import { loadTimeline } from "@/lib/timeline";

export const metadata: Metadata = { title: "Timeline" };
export const dynamic = "force-dynamic";

const WINDOWS = [1, 6, 24, 72, 168] as const;

// GET /timeline?hours=N – alerts, actions and incident updates in one stream
export default async function TimelinePage({ searchParams }: { searchParams: Promise<{ hours?: string }> }) {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/timeline");
  const asked = Number((await searchParams).hours);
  const hours = (WINDOWS as readonly number[]).includes(asked) ? asked : 24;
  const until = new Date();
  const entries = await loadTimeline(new Date(until.getTime() - hours * 3600_000), until);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold text-slate-100">Timeline</h1>
        <span className="text-sm text-slate-400">alerts, actions and incident updates, times in UTC, oldest first</span>
        <nav aria-label="Window" className="ml-auto flex gap-1 text-sm">
          {WINDOWS.map((h) => (
            <Link
              key={h}
              href={`/timeline?hours=${h}`}
              aria-current={h === hours ? "page" : undefined}
              className={`rounded border px-2 py-0.5 ${h === hours ? "border-slate-500 bg-slate-800 text-white" : "border-slate-700 text-slate-300 hover:border-slate-500"}`}
            >
              {h < 48 ? `${h} h` : `${h / 24} d`}
            </Link>
          ))}
        </nav>
      </div>
      <TimelineList entries={entries} />
    </div>
  );
}
