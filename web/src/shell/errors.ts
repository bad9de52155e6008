// What a person reads when a call fails: a sentence per error code, in their language.
// The shell's catalogs word the core's codes (`error.not_found`, `core.error.wrong_password`);
// a plugin's catalogs word its own (`chat.error.channel_name_taken` for the code
// `chat.channel_name_taken`).
import { ApiError } from "./api";
import { t, translated } from "./i18n";

const STATUS_CODES: Record<number, string> = {
  400: "bad_request",
  401: "not_authenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  410: "gone",
  413: "too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "too_many_requests",
  503: "unavailable",
};

/** The catalog key of an error code: `error.<code>`, or `<namespace>.error.<name>`. */
export function errorKey(code: string): string {
  const dot = code.indexOf(".");
  return dot < 0 ? `error.${code}` : `${code.slice(0, dot)}.error.${code.slice(dot + 1)}`;
}

/**
 * The sentence to show for `error` (an {@link ApiError} or anything thrown): its code's
 * message, with the facts the API gave (`{team}`), else what its status means.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t("error.unexpected");
  if (error.status === 0) return t("error.network");
  const params = facts(error.detail);
  const status = STATUS_CODES[error.status];
  return (
    translated(errorKey(error.code), params) ??
    (status ? translated(errorKey(status), params) : undefined) ??
    (error.status >= 500 ? t("error.internal_error") : error.message)
  );
}

function facts(detail: unknown): Record<string, string | number> {
  if (!detail || typeof detail !== "object") return {};
  return Object.fromEntries(
    Object.entries(detail as Record<string, unknown>).filter(
      (entry): entry is [string, string | number] =>
        typeof entry[1] === "string" || typeof entry[1] === "number",
    ),
  );
}
