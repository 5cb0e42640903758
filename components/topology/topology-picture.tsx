"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { formatSeconds, HEALTH_LABEL } from "@/components/dashboard/format";
import type { ClusterView, Health, ServerView, TopologyView } from "@/lib/topology/types";
import { layoutCluster, NODE_HEIGHT, NODE_WIDTH, type EdgeStatus, type LayoutEdge, type LayoutNode } from "./layout";

export interface TopologyPictureProps {
  view: TopologyView;
}

/** Edge colours; the label always says the state in words too. */
const EDGE_COLOUR: Record<EdgeStatus, string> = {
  ok: "#34d399",
  past_cutoff: "#f87171",
  stopped: "#ef4444",
  unknown: "#94a3b8",
};

const HEALTH_STROKE: Record<string, string> = {
  ok: "#059669",
  lagging: "#f59e0b",
  stopped: "#ef4444",
  error: "#ef4444",
  unreachable: "#b91c1c",
  unknown: "#64748b",
};

/** The slot a box and its gap take; rows wrap so that one slot stays about 118 px wide on screen. */
const SLOT_PX = NODE_WIDTH + 14;

function edgeLabel(edge: LayoutEdge): string {
  const lag = edge.lagSeconds === null ? null : formatSeconds(edge.lagSeconds);
  if (edge.status === "stopped") return lag ? `stopped ${lag}` : "stopped";
  if (edge.status === "unknown") return "lag ?";
  return edge.status === "past_cutoff" ? `${lag} ⚠` : (lag ?? "");
}

/** How many boxes fit side by side in the element's width, measured live (a phone gets fewer per row). */
function usePerRow(): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement>(null);
  const [perRow, setPerRow] = useState(4);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setPerRow(Math.max(2, Math.min(10, Math.floor(el.clientWidth / SLOT_PX))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, perRow];
}

/** The box's second line: the role, in a word that fits the box. */
function roleLine(node: LayoutNode): string {
  if (node.kind === "external") return "outside the fleet";
  if (node.role === "writer") return "★ writer";
  if (node.role === "co-master") return "⇄ co-master";
  if (node.role === "replica") return node.relaying ? "replica, relays" : "replica";
  return "role unknown";
}

/** The box's third line, only when something is wrong: the health in words (the border says it in colour). */
const HEALTH_WORD: Record<Exclude<Health, "ok">, string> = { lagging: "lagging", stopped: "stopped", error: "repl. error", unreachable: "unreachable", unknown: "lag unknown" };

function Node({ node, server }: { node: LayoutNode; server: ServerView | undefined }) {
  const writer = node.role === "writer";
  const stroke = node.kind === "external" ? "#475569" : HEALTH_STROKE[node.health ?? "unknown"];
  const box = (
    <g data-testid={`topology-node-${node.id}`} data-role={node.role ?? "external"} data-health={node.health ?? ""}>
      <title>{server ? `${server.id} (${server.name}): ${server.role}, ${HEALTH_LABEL[server.health]}` : `${node.id}: a source outside the fleet`}</title>
      <rect
        x={node.x}
        y={node.y}
        width={NODE_WIDTH}
        height={NODE_HEIGHT}
        rx={5}
        fill={writer ? "#2e1065" : "#0f172a"}
        stroke={writer ? "#8b5cf6" : stroke}
        strokeWidth={writer ? 2.5 : 1.5}
        strokeDasharray={node.kind === "external" ? "4 3" : undefined}
      />
      {writer ? <rect x={node.x} y={node.y + NODE_HEIGHT - 4} width={NODE_WIDTH} height={4} fill={stroke} /> : null}
      <text x={node.x + 7} y={node.y + 16} fontSize={13} fontWeight={700} fill="#f1f5f9" fontFamily="ui-monospace, monospace">
        {node.id.length > 11 ? `${node.id.slice(0, 10)}…` : node.id}
      </text>
      <text x={node.x + 7} y={node.y + 30} fontSize={10.5} fill={writer ? "#ddd6fe" : "#cbd5e1"}>
        {roleLine(node)}
      </text>
      {node.health && node.health !== "ok" ? (
        <text x={node.x + 7} y={node.y + 43} fontSize={10.5} fontWeight={700} fill={stroke}>
          {HEALTH_WORD[node.health]}
        </text>
      ) : null}
    </g>
  );
  return node.kind === "server" ? <a href={`/servers/${encodeURIComponent(node.id)}`}>{box}</a> : box;
}

function Edge({ edge }: { edge: LayoutEdge }) {
  const colour = EDGE_COLOUR[edge.status];
  const label = edgeLabel(edge);
  const name = edge.channel ? ` (channel ${edge.channel})` : "";
  return (
    <g data-testid={`topology-edge-${edge.from}-${edge.to}`} data-status={edge.status} data-channel={edge.channel} data-lag={edge.lagSeconds ?? ""}>
      <title>{`${edge.to} replicates from ${edge.from}${name}: ${label || "lag ?"}`}</title>
      <line
        x1={edge.x1}
        y1={edge.y1}
        x2={edge.x2}
        y2={edge.y2}
        stroke={colour}
        strokeWidth={edge.status === "ok" ? 1.5 : 2.5}
        strokeDasharray={edge.status === "stopped" ? "6 4" : edge.status === "unknown" ? "2 3" : undefined}
        markerEnd={`url(#arrow-${edge.status})`}
      />
      {label ? (
        <text x={edge.labelX} y={edge.labelY} fontSize={11} textAnchor="middle" fill={colour} fontWeight={edge.status === "ok" ? 400 : 700} paintOrder="stroke" stroke="#020617" strokeWidth={3}>
          {label}
        </text>
      ) : null}
    </g>
  );
}

function ClusterPicture({ cluster, servers }: { cluster: ClusterView; servers: ServerView[] }) {
  const [ref, perRow] = usePerRow();
  const layout = layoutCluster(cluster, servers, perRow);
  const byId = new Map(servers.map((s) => [s.id, s]));
  const troubled = layout.edges.filter((e) => e.status !== "ok").length;
  return (
    <figure ref={ref} className="min-w-0 rounded-md border border-slate-800 bg-slate-950/60 p-2" data-testid={`topology-cluster-${cluster.id}`}>
      <figcaption className="mb-1 flex flex-wrap items-baseline gap-x-3 text-sm">
        <span className="font-semibold text-slate-100">{cluster.name}</span>
        <span className="text-xs text-slate-400">
          writer <span className="font-mono text-violet-200">{cluster.writer ?? "none"}</span>
          {cluster.coMaster ? (
            <>
              {" "}⇄ <span className="font-mono text-sky-200">{cluster.coMaster}</span>
            </>
          ) : null}
          {" · "}cutoff {cluster.lagCutoffSeconds} s · {servers.length} servers
        </span>
        {troubled ? <span className="text-xs font-semibold text-red-300">{troubled} channel{troubled === 1 ? "" : "s"} not ok</span> : null}
      </figcaption>
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        style={{ maxWidth: layout.width * 1.25 }}
        role="img"
        aria-label={`Replication of cluster ${cluster.name}: ${layout.edges.length} channels, ${troubled} not ok`}
      >
        <defs>
          {(Object.keys(EDGE_COLOUR) as EdgeStatus[]).map((status) => (
            <marker key={status} id={`arrow-${status}`} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={6} markerHeight={6} orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={EDGE_COLOUR[status]} />
            </marker>
          ))}
        </defs>
        {layout.edges.map((e) => (
          <Edge key={`${e.from}-${e.to}-${e.channel}`} edge={e} />
        ))}
        {layout.nodes.map((n) => (
          <Node key={n.id} node={n} server={byId.get(n.id)} />
        ))}
      </svg>
    </figure>
  );
}

/**
 * Who replicates from whom, one picture per cluster stacked: the writer on top (★, violet), its
 * co-master beside it (⇄), replicas below and chains deeper, each channel an arrow with its lag,
 * green within the cluster's cutoff, red past it, dashed red when stopped, grey when unknown.
 */
export function TopologyPicture({ view }: TopologyPictureProps) {
  return (
    <div className="space-y-2" data-testid="topology-picture">
      <div className={`grid grid-cols-1 gap-2 ${view.clusters.length > 1 ? "xl:grid-cols-2" : ""}`}>
        {view.clusters.map((c) => (
          <ClusterPicture key={c.id} cluster={c} servers={view.servers.filter((s) => s.clusterId === c.id)} />
        ))}
      </div>
      <p className="text-[11px] text-slate-500">
        Arrows point from a source to its replica; the number is that channel&apos;s lag. <span className="text-emerald-400">Green</span> within the
        cutoff, <span className="text-red-400">red ⚠</span> past it, dashed when stopped, grey when unknown.
      </p>
    </div>
  );
}
