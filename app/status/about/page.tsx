import type { Metadata } from "next";
import Link from "next/link";
import { HEADLINE_RULE } from "@/lib/status/derive";

export const metadata: Metadata = { title: "About the status page" };

const STATES = [
  ["Operational", "Working normally."],
  ["Degraded performance", "Working, but slower than usual or with reduced capacity."],
  ["Partial outage", "Some of it is failing or delayed."],
  ["Major outage", "Not working."],
  ["Under maintenance", "Paused on purpose for planned work; this does not count as downtime."],
] as const;

// GET /status/about – what the states, the headline and the uptime bars on /status mean (static)
export default function StatusAboutPage() {
  return (
    <main className="mx-auto max-w-2xl space-y-4 px-4 py-6 text-sm leading-relaxed">
      <h1 className="text-xl font-bold text-slate-50">About the status page</h1>
      <p>
        The <Link className="text-sky-300 underline" href="/status">status page</Link> shows whether the site works right
        now, measured from live data every few seconds, and what our engineers are saying about any incident.
      </p>
      <dl className="space-y-2">
        {STATES.map(([term, meaning]) => (
          <div key={term}>
            <dt className="font-semibold text-slate-100">{term}</dt>
            <dd className="text-slate-300">{meaning}</dd>
          </div>
        ))}
      </dl>
      <h2 className="text-base font-semibold text-slate-100">How the headline is chosen</h2>
      <ol className="list-decimal space-y-1 pl-5 text-slate-300" data-testid="headline-rule">
        {HEADLINE_RULE.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="text-slate-300">
        Each bar is one day (UTC); a grey bar is a day without data. Uptime counts a major outage as fully down and a
        partial outage as 30 % down; maintenance is left out of the measured time. It is stated over the days that have
        data (&ldquo;100 % uptime over 1 day&rdquo;), never over days nobody measured. Machine-readable:{" "}
        <code>/api/status/summary.json</code> and <code>/api/status/status.json</code> (Atlassian Statuspage v2 shape),
        and a badge at <code>/api/status/badge.svg</code>.
      </p>
    </main>
  );
}
