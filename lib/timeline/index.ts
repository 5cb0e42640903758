/** lib/timeline: alerts, actions and incident updates in one stream; incident views and battle reports. */
export { addFollowup, listFollowups, setFollowupDone, type Followup } from "./followups";
export { buildIncidentView, incidentWindow, linkedAlerts, SIGNAL_LOOKBACK_MS, type IncidentView } from "./incident-view";
export { summarizeLag, type LagPoint, type LagSummary } from "./lag";
export { incidentReport, lagOverWindow, loadIncidentView, loadTimeline } from "./load";
export { isMitigation, mergeTimeline, type TimelineSources } from "./merge";
export { incidentReportMarkdown, utc, type ReportInput } from "./report";
export { addFollowupBodySchema, followupParamsSchema, patchFollowupBodySchema, timelineQuerySchema } from "./schema";
export type { TimelineEntry } from "./types";
