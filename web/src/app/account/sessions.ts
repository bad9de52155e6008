// <lasuite-account-sessions>: sign out everywhere else — a lost phone, a shared
// computer — after a confirmation; this session goes on.
import { html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { confirmAction } from "../admin/confirm";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";
import { outcome } from "./outcome";

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
      ${outcome(this.error, this.status)}
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
