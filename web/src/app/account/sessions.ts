// <lasuite-account-sessions>: the devices the person is signed in on (browser, system,
// address, when last used), each one signed out with a click — a lost phone, a shared
// computer — or all but this one at once, after a confirmation.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { confirmAction } from "../admin/confirm";
import { formatDate } from "../admin/section";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";
import { outcome } from "./outcome";

interface SignedInSession {
  id: string;
  started_at: string;
  last_seen_at: string;
  device: { browser: string; system: string; mobile: boolean };
  ip: string;
  current: boolean;
}

/** "Firefox on Linux", or what is known of it. */
export function deviceName({ browser, system }: SignedInSession["device"]): string {
  if (browser && system) return t("account.sessions.browserOn", { browser, system });
  return browser || system || t("account.sessions.unknownDevice");
}

@customElement("lasuite-account-sessions")
export class LasuiteAccountSessions extends LightElement {
  @state() private sessions: SignedInSession[] | null = null;
  @state() private status = "";
  @state() private error = "";
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.sessions = await api.get<SignedInSession[]>("/api/v1/auth/sessions");
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async change(work: () => Promise<unknown>, done: string): Promise<void> {
    this.busy = true;
    this.status = "";
    this.error = "";
    try {
      await work();
      this.status = done;
      await this.load();
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async endOthers(): Promise<void> {
    const confirmed = await confirmAction({
      title: t("account.sessions.confirmTitle"),
      body: t("account.sessions.confirmBody"),
      confirm: t("account.sessions.end"),
    });
    if (!confirmed) return;
    await this.change(() => api.post("/api/v1/auth/sessions/end-others"), t("account.sessions.ended"));
  }

  private async endOne(session: SignedInSession): Promise<void> {
    const device = deviceName(session.device);
    await this.change(
      () => api.delete(`/api/v1/auth/sessions/${session.id}`),
      t("account.sessions.endedOne", { device }),
    );
  }

  protected override render() {
    return html`<p>${t("account.sessions.intro")}</p>
      ${outcome(this.error, this.status)} ${this.renderList()}
      <button
        class="fr-btn fr-btn--secondary fr-icon-logout-box-r-line fr-btn--icon-left"
        type="button"
        ?disabled=${this.busy}
        @click=${() => void this.endOthers()}
      >
        ${t("account.sessions.end")}
      </button>`;
  }

  private renderList() {
    if (this.sessions === null) return nothing;
    return html`<ul class="lasuite-sessions" aria-label=${t("account.sessions.listLabel")}>
      ${this.sessions.map((session) => {
        const device = deviceName(session.device);
        return html`<li class="lasuite-session fr-card fr-card--sm fr-card--no-arrow fr-mb-2w">
          <div class="fr-card__body">
            <div class="fr-card__content">
              <h3 class="fr-card__title fr-h6">
                <span
                  class=${session.device.mobile ? "fr-icon-smartphone-line" : "fr-icon-computer-line"}
                  aria-hidden="true"
                ></span>
                ${device}
                ${session.current
                  ? html`<span class="fr-badge fr-badge--sm fr-badge--info fr-ml-1w">
                      ${t("account.sessions.current")}
                    </span>`
                  : nothing}
              </h3>
              <div class="fr-card__end">
                <p class="fr-card__detail">
                  ${t("account.sessions.startedAt", { date: formatDate(session.started_at) })} ·
                  ${t("account.sessions.lastSeen", { date: formatDate(session.last_seen_at) })}
                  ${session.ip ? html`· ${session.ip}` : nothing}
                </p>
              </div>
            </div>
            ${session.current
              ? nothing
              : html`<div class="fr-card__footer">
                  <button
                    type="button"
                    class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-logout-box-r-line fr-btn--icon-left"
                    ?disabled=${this.busy}
                    @click=${() => void this.endOne(session)}
                  >
                    ${t("account.sessions.endOne")}<span class="fr-sr-only"> ${device}</span>
                  </button>
                </div>`}
          </div>
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-sessions": LasuiteAccountSessions;
  }
}
