export { ApiError, type ErrorCode } from "@/lib/errors";
export { ERROR_STATUS, errorResponse, handleApiError } from "./errors";
export { withRole, type AuditNote, type AuditSpec, type HandlerContext, type RouteHandler, type RouteOptions, type RouteSchemas } from "./with-role";
