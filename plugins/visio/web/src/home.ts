// <visio-home>: visio's widget on the home page ("En ce moment"): the meetings going on
// now in the organization's rooms, with how many are in each and a link to join;
// counted again every half minute while the home page is visible.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { visioApi, type LiveMeeting } from "./api";
import { reason, VisioElement } from "./base";

const RECOUNT_EVERY = 30_000;
/** Meetings shown at most (the rooms page lists them all). */
const SHOWN = 5;

export class VisioHome extends VisioElement {
  @state() private meetings: LiveMeeting[] | null = null;
  @state() private error = "";
  private recount?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.recount = setInterval(() => {
      if (document.visibilityState === "visible") void this.load();
    }, RECOUNT_EVERY);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.recount);
  }

  private async load(): Promise<void> {
    try {
      this.meetings = await visioApi.live(SHOWN);
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  protected override render() {
    const meetings = this.meetings;
    return html`<div class="fr-card visio-home">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">${t("visio.home.title")}</h3>
          ${this.error ? html`<p class="fr-error-text">${this.error}</p>` : nothing}
          ${meetings === null
            ? nothing
            : meetings.length
              ? html`<ul class="visio-home__list">
                  ${meetings.map(
                    (m) => html`<li>
                      <a class="fr-link" href="/visio/${m.slug}">${t("visio.home.join", { name: m.name })}</a>
                      <span class="fr-text--xs fr-mb-0">${t("visio.home.since", { time: since(m), count: m.people })}</span>
                    </li>`,
                  )}
                </ul>`
              : html`<p class="fr-card__desc">${t("visio.home.none")}</p>`}
        </div>
        <div class="fr-card__footer">
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/visio">${t("visio.home.open")}</a>
        </div>
      </div>
    </div>`;
  }
}

function since(meeting: LiveMeeting): string {
  return new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(new Date(meeting.started_at));
}
