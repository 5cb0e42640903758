/** lib/timeline: alerts, actions, failover steps and incident updates in one stream. */
export { loadTimeline } from "./load";
export { isMitigation, mergeTimeline, type TimelineSources } from "./merge";
export { timelineQuerySchema } from "./schema";
export type { TimelineEntry } from "./types";
