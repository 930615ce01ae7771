/** Typed JSON error bodies for every API route: `{ error: { code, message } }` with the matching status. */
export type ApiErrorCode = "unauthorized" | "forbidden" | "not-found" | "bad-request" | "conflict" | "unavailable" | "internal";

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

const STATUS: Record<ApiErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  "bad-request": 400,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export function apiError(code: ApiErrorCode, message: string, headers?: HeadersInit): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status: STATUS[code], headers: { "cache-control": "no-store", ...headers } });
}

/**
 * A request the route cannot answer, thrown by a handler or by what reads its input (a query
 * parameter, the body, the cluster); withAuth answers it with `apiError(code, message, headers)`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers?: HeadersInit,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
