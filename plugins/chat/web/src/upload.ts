// A file sent to a channel (`POST /channels/{id}/files`, the raw bytes as body),
// reporting its progress. XMLHttpRequest, not the shell's fetch client: fetch tells
// nothing of how much of a body has gone. It keeps the client's manners (the CSRF
// header, the API's error shape, the 401 announcement) with what the shell exports.
import { ApiError, apiErrorOf, csrfHeaders, UNAUTHENTICATED_EVENT } from "@lasuite/shell";
import { BASE, type Attachment } from "./api";

/**
 * Upload `file` to the channel for the sender's next message there; `progress` hears
 * the fraction sent (0 to 1). Rejects with the server's {@link ApiError} (413 too
 * large, 415 refused type) or, once `signal` aborts, with an `AbortError`.
 */
export function uploadFile(
  channelId: string,
  file: File,
  progress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${BASE}/channels/${channelId}/files?filename=${encodeURIComponent(file.name)}`);
    xhr.responseType = "json";
    xhr.setRequestHeader("accept", "application/json");
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total) progress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.response as Attachment);
      if (xhr.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
      reject(apiErrorOf(xhr.status, xhr.statusText, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "The server could not be reached."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
