// <visio-recordings>: a room's recordings, for its hosts (before they join, and where the
// notification "your recording is ready" leads): each one's state, its video to download
// and its transcript's page.
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, locale, t } from "@lasuite/shell";
import { visioApi, type Recording } from "./api";
import { reason, VisioElement } from "./base";

export class VisioRecordings extends VisioElement {
  @property() slug = "";
  @state() private recordings: Recording[] | null = null;
  @state() private error = "";

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("slug") && this.slug) void this.load();
  }

  private async load(): Promise<void> {
    try {
      // Only its hosts see a room's recordings: nobody else asks for them.
      const room = await visioApi.room(this.slug);
      if (room.my_role !== "owner" && room.my_role !== "administrator") return;
      this.recordings = await visioApi.recordings(this.slug);
      this.error = "";
    } catch (error) {
      this.recordings = null;
      this.error = error instanceof ApiError && error.status === 404 ? "" : reason(error);
    }
  }

  protected override render() {
    if (this.error) return html`<p class="fr-message fr-message--error" role="alert">${this.error}</p>`;
    const recordings = this.recordings;
    if (recordings === null) return nothing;
    return html`<section class="visio-recordings" aria-labelledby="visio-recordings-title">
      <h2 class="fr-h6" id="visio-recordings-title">${t("visio.recordings.title")}</h2>
      ${recordings.length
        ? html`<ul class="visio-recordings__list">
            ${recordings.map((recording) => this.renderOne(recording))}
          </ul>`
        : html`<p class="visio-muted">${t("visio.recordings.none")}</p>`}
    </section>`;
  }

  private renderOne(recording: Recording) {
    const when = new Date(recording.started_at).toLocaleString(locale(), {
      dateStyle: "medium",
      timeStyle: "short",
    });
    return html`<li class="visio-recordings__item">
      <p class="fr-mb-1v"><strong>${when}</strong> · ${t(`visio.recordings.state.${recording.state}`)}</p>
      <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
        ${recording.state === "saved"
          ? html`<li>
              <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-download-line" href=${visioApi.recordingFile(this.slug, recording.id)} download>
                ${t("visio.recordings.download")}
              </a>
            </li>`
          : nothing}
        ${recording.transcript_page_id
          ? html`<li>
              <a class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-file-text-line" href=${`/docs/${recording.transcript_page_id}`}>
                ${t("visio.recordings.transcript")}
              </a>
            </li>`
          : nothing}
      </ul>
      ${recording.transcript_state === "waiting" && recording.state !== "failed"
        ? html`<p class="visio-muted fr-text--sm">${t("visio.recordings.transcriptWaiting")}</p>`
        : nothing}
      ${recording.transcript_state === "failed"
        ? html`<p class="fr-message fr-message--error">${t("visio.recordings.transcriptFailed")}</p>`
        : nothing}
    </li>`;
  }
}
