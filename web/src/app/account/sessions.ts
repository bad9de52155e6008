// <lasuite-account-sessions>: sign out everywhere else — a lost phone, a shared
// computer — after a confirmation; this session goes on.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { confirmAction } from "../admin/confirm";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";

@customElement("lasuite-account-sessions")
export class LasuiteAccountSessions extends LightElement {
  @state() private status = "";
  @state() private error = "";
  @state() private busy = false;

  private async endOthers(): Promise<void> {
    const confirmed = await confirmAction({
      title: t("account.sessions.confirmTitle"),
      body: t("account.sessions.confirmBody"),
      confirm: t("account.sessions.end"),
    });
    if (!confirmed) return;
    this.busy = true;
    this.status = "";
    this.error = "";
    try {
      await api.post("/api/v1/auth/sessions/end-others");
      this.status = t("account.sessions.ended");
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<p>${t("account.sessions.intro")}</p>
      ${this.error
        ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
            <p>${this.error}</p>
          </div>`
        : nothing}
      <div role="status" class="lasuite-account-status">
        ${this.status
          ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w"><p>${this.status}</p></div>`
          : nothing}
      </div>
      <button
        class="fr-btn fr-btn--secondary fr-icon-logout-box-r-line fr-btn--icon-left"
        type="button"
        ?disabled=${this.busy}
        @click=${() => void this.endOthers()}
      >
        ${t("account.sessions.end")}
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-sessions": LasuiteAccountSessions;
  }
}
