"use client";

import Link from "next/link";
import { Banner } from "@/components/ui/banner";
import { useFailover } from "./use-failover";

/** Says, on the dashboard and the Failover page, that a switch was interrupted by a dying console and what recovery did. */
export function RecoveryNotice() {
  const { data } = useFailover(false);
  const run = data?.interrupted;
  if (!run) return null;
  const failed = run.steps.some((s) => s.name === "recover" && s.status === "failed");
  return (
    <Banner tone={failed ? "danger" : "warn"} data-testid="failover-recovery">
      {run.message}{" "}
      <Link className="underline" href="/failover">
        Run #{run.id}: {run.from} → {run.to}
      </Link>
    </Banner>
  );
}
