export { ApiError, ERROR_STATUS, errorResponse, handleApiError, type ErrorCode } from "./errors";
export { withRole, type AuditSpec, type HandlerContext, type RouteHandler, type RouteOptions, type RouteSchemas } from "./with-role";
