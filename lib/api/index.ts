export { ApiError, ERROR_STATUS, errorResponse, handleApiError, type ErrorCode } from "./errors";
export { withRole, type HandlerContext } from "./with-role";
