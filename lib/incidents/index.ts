/** lib/incidents: incidents and their updates, follow-ups, the view from first signal to resolution, battle reports. */
export { addFollowup, listFollowups, setFollowupDone, type Followup } from "./followups";
export { lagCoverageWords, lagSecondsWords, pastCutoffWords, summarizeLag, unknownShare, type LagPoint, type LagSummary } from "./lag";
export { incidentReport, incidentViewWithLag, lagOverWindow, loadIncidentView, type IncidentViewWithLag } from "./load";
export {
  getIncident,
  listIncidents,
  openIncident,
  postIncidentUpdate,
  type IncidentRecord,
  type IncidentUpdateRecord,
  type OpenIncidentInput,
  type PostUpdateInput,
} from "./records";
export { incidentReportMarkdown, type ReportInput } from "./report";
export {
  addFollowupBodySchema,
  followupParamsSchema,
  incidentParamsSchema,
  incidentUpdateBodySchema,
  openIncidentBodySchema,
  patchFollowupBodySchema,
} from "./schema";
export { buildIncidentView, incidentWindow, linkedAlerts, SIGNAL_LOOKBACK_MS, type IncidentView } from "./view";
