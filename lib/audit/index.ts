export { auditFacets, finishAudit, listAudit, openAudit, recordAudit, UNFINISHED } from "./log";
export { auditToCsv } from "./csv";
export { redactParams } from "./redact";
export { AUDIT_RESULTS, type AuditEntry, type AuditFilters, type AuditInput, type AuditResult } from "./types";
export { auditQuerySchema, withoutEmpty, type AuditQuery } from "./query-schema";
export { AnonymousAuditBudget, anonymousAuditBudget, budgetedAnonymousError } from "./anonymous-budget";
