"use client";

import Link from "next/link";
import type { Problem } from "@/lib/topology/types";
import { useCauses } from "@/lib/swr/use-causes";
import { CauseOfLag } from "./cause-of-lag";

export interface CauseActionProps {
  problem: Pick<Problem, "code" | "serverId">;
}

/** A problem row's way on: the page that acts on it, and for a lagging replica the cause beside it. */
export function CauseAction({ problem }: CauseActionProps) {
  const { data } = useCauses();
  const action = data?.actions.find((a) => a.code === problem.code && a.serverId === problem.serverId);
  return (
    <div className="min-w-0 basis-full pl-1 text-sm">
      {action ? (
        <Link
          href={action.href}
          className="text-xs font-semibold text-sky-300 underline underline-offset-2 hover:opacity-80"
          data-testid={`problem-action-${problem.code}${problem.serverId ? `-${problem.serverId}` : ""}`}
        >
          {action.label} →
        </Link>
      ) : null}
      {problem.code === "replica_lagging" && problem.serverId ? <CauseOfLag serverId={problem.serverId} /> : null}
    </div>
  );
}
