import type { ServerView } from "@/lib/topology/types";
import { Badge } from "@/components/ui/badge";
import { formatLag, HEALTH_LABEL, HEALTH_TONE } from "./format";

/**
 * A multi-source replica's channels, each judged on its own (the card's health is the worst of
 * them); and, for an intermediate master, who replicates from it.
 */
export function ChannelList({ server, replicaIds }: { server: ServerView; replicaIds: string[] }) {
  const many = server.channels.length > 1;
  if (!many && !server.relaying) return null;
  return (
    <div className="mt-2 space-y-0.5 text-xs text-slate-300" data-testid={`server-channels-${server.id}`}>
      {many
        ? server.channels.map((c) => (
            <p key={c.name} className="flex flex-wrap items-center gap-x-2" data-testid={`server-channel-${server.id}-${c.name}`} data-health={c.health}>
              <span className="font-mono text-slate-400">channel {c.name || "(default)"}</span>
              <span>from {c.sourceId ?? `${c.sourceHost}:${c.sourcePort}`}</span>
              <Badge tone={HEALTH_TONE[c.health]}>{HEALTH_LABEL[c.health]}</Badge>
              <span>lag {formatLag(c.lagSeconds, null)}</span>
            </p>
          ))
        : null}
      {server.relaying ? (
        <p data-testid={`server-relays-${server.id}`}>
          Relays to <span className="font-mono">{replicaIds.join(", ") || "its replicas"}</span>: their lag includes this server&apos;s.
        </p>
      ) : null}
    </div>
  );
}
