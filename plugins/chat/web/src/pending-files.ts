// The files a composer holds for its next message. Each one uploads as soon as it is
// attached (as in Mattermost), so that sending is quick; it shows as a chip with its
// progress, its size once uploaded, or why it was refused, and a button to remove it.
// A refusal reads short and in the reader's language, by the API's error code or the
// HTTP status (the server's words, long and English, are the chip's tooltip). Only
// uploaded files go with the message; a refused one stays on its chip until removed.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { ApiError, t } from "@lasuite/shell";
import type { Attachment } from "./api";
import { reason } from "./base";
import { fileSize } from "./message";
import { uploadFile } from "./upload";

/** As many as one message takes (`attachment_ids` in plugins/chat/lasuite_chat/shapes.py). */
export const MAX_FILES = 10;

interface PendingFile {
  key: number;
  name: string;
  /** The fraction sent so far. */
  sent: number;
  attachment: Attachment | null;
  /** Why it was refused, in a few words. */
  error: string;
  /** The server's reason, if it gave one. */
  detail: string;
  upload: AbortController;
}

/** What a chip says of a failed upload: `error` is what `uploadFile` rejected with. */
function shortReason(error: unknown): string {
  if (!(error instanceof ApiError)) return t("chat.uploadFailed");
  if (error.code === "network_error") return t("chat.uploadOffline");
  if (error.status === 415) return t("chat.fileTypeRefused");
  if (error.status !== 413) return t("chat.uploadFailed");
  // The API's 413 names its limit (`max_bytes`); a proxy's does not.
  const max = (error.detail as { max_bytes?: unknown } | null)?.max_bytes;
  return typeof max === "number" ? t("chat.fileTooLargeMax", { max: fileSize(max) }) : t("chat.fileTooLarge");
}

export class PendingFiles implements ReactiveController {
  private files: PendingFile[] = [];
  private made = 0;

  /** `channelId`: where the host's files go, asked at each upload. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly channelId: () => string,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.clear();
  }

  /** Some file is still on its way: the message waits for it. */
  get uploading(): boolean {
    return this.files.some((f) => !f.attachment && !f.error);
  }

  get ready(): Attachment[] {
    return this.files.flatMap((f) => (f.attachment ? [f.attachment] : []));
  }

  /** Starts uploading `files`; those past {@link MAX_FILES} are refused on their chip. */
  add(files: Iterable<File>): void {
    for (const file of files) {
      const upload = new AbortController();
      const item: PendingFile = { key: this.made++, name: file.name, sent: 0, attachment: null, error: "", detail: "", upload };
      if (this.files.filter((f) => !f.error).length >= MAX_FILES) {
        item.error = t("chat.tooManyFiles", { max: MAX_FILES });
      } else {
        void this.upload(item, file);
      }
      this.files = [...this.files, item];
    }
    this.host.requestUpdate();
  }

  /** The uploaded files, out of the list: they go with the message being sent. */
  takeReady(): Attachment[] {
    const ready = this.ready;
    this.files = this.files.filter((f) => !f.attachment);
    this.host.requestUpdate();
    return ready;
  }

  /** Forgets every file (the composer moved to another channel), stopping uploads. */
  clear(): void {
    for (const f of this.files) f.upload.abort();
    this.files = [];
    this.host.requestUpdate();
  }

  private remove(item: PendingFile): void {
    item.upload.abort();
    this.files = this.files.filter((f) => f !== item);
    this.host.requestUpdate();
  }

  private async upload(item: PendingFile, file: File): Promise<void> {
    const progress = (sent: number) => this.change(item, { sent });
    try {
      this.change(item, { attachment: await uploadFile(this.channelId(), file, progress, item.upload.signal) });
    } catch (error) {
      if (!item.upload.signal.aborted) this.change(item, { error: shortReason(error), detail: reason(error) });
    }
  }

  private change(item: PendingFile, values: Partial<PendingFile>): void {
    Object.assign(item, values);
    this.host.requestUpdate();
  }

  render() {
    if (!this.files.length) return nothing;
    return html`<ul class="chat-pending" aria-label=${t("chat.attachedFiles")}>
      ${repeat(
        this.files,
        (f) => f.key,
        (f) => html`<li
          class="chat-pending__file"
          data-state=${f.error ? "refused" : f.attachment ? "uploaded" : "uploading"}
          title=${f.detail || nothing}
        >
          <span class="chat-pending__name fr-icon-attachment-line fr-icon--sm">${f.name}</span>
          ${this.state(f)}
          <button
            class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-close-line"
            type="button"
            title=${t("chat.removeFile", { name: f.name })}
            @click=${() => this.remove(f)}
          >
            ${t("chat.removeFile", { name: f.name })}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private state(f: PendingFile) {
    if (f.error) return html`<span class="fr-error-text fr-mt-0" role="alert">${f.error}</span>`;
    if (f.attachment) return html`<span class="fr-text--xs fr-mb-0">${fileSize(f.attachment.size)}</span>`;
    return html`<progress max="100" value=${Math.round(f.sent * 100)} aria-label=${t("chat.uploading", { name: f.name })}></progress>`;
  }
}
