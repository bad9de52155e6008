// The API client every part of the workspace uses: same-origin fetch, JSON in and
// out, the CSRF header on unsafe requests, and the API's one error shape.

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CSRF_COOKIE = "csrftoken";
const CSRF_HEADER = "x-csrftoken";

/** Fired on `window` when the API answers 401: the session is gone. */
export const UNAUTHENTICATED_EVENT = "lasuite:unauthenticated";

/** An answer of the API outside 2xx, from its `{"error": code, "detail": …}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: unknown;

  constructor(status: number, code: string, detail: unknown) {
    super(describe(code, detail));
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  /** Per-field messages of an `invalid_input` error, when the API gave them. */
  get fields(): Record<string, unknown> {
    const detail = this.detail as { fields?: unknown } | null;
    return detail && typeof detail.fields === "object" && detail.fields !== null
      ? (detail.fields as Record<string, unknown>)
      : {};
  }
}

function describe(code: string, detail: unknown): string {
  if (typeof detail === "string" && detail) return detail;
  if (detail && typeof detail === "object" && "message" in detail) {
    return String((detail as { message: unknown }).message);
  }
  return code;
}

/** The CSRF token the server set in the `csrftoken` cookie, if any. */
function csrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** The header an unsafe request carries against CSRF (none before the server set a token). */
export function csrfHeaders(): Record<string, string> {
  const token = csrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}

/** The {@link ApiError} of an answer outside 2xx, from its decoded body (`null` when it
 * was not JSON: a proxy's error page gives its status line). */
export function apiErrorOf(status: number, statusText: string, body: unknown): ApiError {
  const shaped = body as { error?: unknown; detail?: unknown } | null;
  if (shaped && typeof shaped.error === "string") return new ApiError(status, shaped.error, shaped.detail);
  return new ApiError(status, "http_error", statusText || `HTTP ${status}`);
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not announce a 401 (for the sign-in form itself). */
  quiet401?: boolean;
}

/** `request("GET", "/api/v1/workspace")` → the decoded JSON; throws {@link ApiError}. */
export async function request<T = unknown>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const verb = method.toUpperCase();
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (UNSAFE_METHODS.has(verb)) Object.assign(headers, csrfHeaders());
  let response: Response;
  try {
    response = await fetch(path, {
      method: verb,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  if (response.status === 401 && !options.quiet401) {
    window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status line says it.
  }
  return apiErrorOf(response.status, response.statusText, body);
}

/** Shorthands: `api.get(path)`, `api.post(path, body)`, … */
export const api = {
  request,
  get: <T = unknown>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body }),
  put: <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PUT", path, { ...options, body }),
  patch: <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body }),
  delete: <T = unknown>(path: string, options?: RequestOptions) =>
    request<T>("DELETE", path, options),
};
