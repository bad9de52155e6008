// /admin/invitations: invite someone by e-mail with a role, the pending
// invitations, revoking one. The link to send is shown once, as the API gives it.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { AdminSection, assignableRoles, formatDate, roleName } from "./section";

interface Invitation {
  id: string;
  email: string;
  role: string;
  created_at: string;
  expires_at: string;
  accept_url?: string;
}

const INVITATIONS_URL = "/api/v1/orgs/current/invitations";

@customElement("lasuite-admin-invitations")
export class LasuiteAdminInvitations extends AdminSection {
  @state() private invitations: Invitation[] = [];
  /** The invitation just sent, with its link (never listed again). */
  @state() private issued: Invitation | null = null;
  @state() private sending = false;

  protected async load(): Promise<void> {
    this.invitations = await api.get<Invitation[]>(INVITATIONS_URL);
  }

  private async invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    this.issued = null;
    this.sending = true;
    const sent = await this.act(async () => {
      const role = String(data.get("role"));
      this.issued = await api.post<Invitation>(INVITATIONS_URL, { email, role });
      this.invitations = await api.get<Invitation[]>(INVITATIONS_URL);
    }, t("admin.invitations.sent", { email }));
    this.sending = false;
    if (sent) {
      form.reset();
      await this.focusAfterRender(".lasuite-invitation-issued");
    }
  }

  private async revoke(invitation: Invitation): Promise<void> {
    const revoked = await this.act(async () => {
      await api.delete(`${INVITATIONS_URL}/${invitation.id}`);
      this.invitations = this.invitations.filter((i) => i.id !== invitation.id);
      if (this.issued?.id === invitation.id) this.issued = null;
    }, t("admin.invitations.revoked", { email: invitation.email }));
    if (revoked) await this.focusAfterRender("#lasuite-invitations-title");
  }

  private async copy(link: string): Promise<void> {
    await this.act(() => navigator.clipboard.writeText(link), t("admin.invitations.copied"));
  }

  protected override render() {
    return html`${this.renderMessages()} ${this.renderForm()} ${this.renderIssued()}
      <h2 id="lasuite-invitations-title" tabindex="-1">${t("admin.invitations.pending")}</h2>
      ${this.loaded ? this.renderList() : nothing}`;
  }

  private renderForm() {
    return html`<form class="fr-mb-4w" @submit=${this.invite} novalidate>
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend">${t("admin.invitations.new")}</legend>
        <div class="fr-fieldset__element fr-col-12 fr-col-md-6">
          <div class="fr-input-group">
            <label class="fr-label" for="lasuite-invite-email">
              ${t("admin.invitations.email")}
              <span class="fr-hint-text">${t("admin.invitations.emailHint")}</span>
            </label>
            <input
              class="fr-input"
              id="lasuite-invite-email"
              name="email"
              type="email"
              autocomplete="off"
              required
            />
          </div>
        </div>
        <div class="fr-fieldset__element fr-col-12 fr-col-md-3">
          <div class="fr-select-group">
            <label class="fr-label" for="lasuite-invite-role">${t("admin.invitations.role")}</label>
            <select class="fr-select" id="lasuite-invite-role" name="role">
              ${assignableRoles(this.state.me).map(
                (role) =>
                  html`<option value=${role} ?selected=${role === "member"}>
                    ${roleName(role)}
                  </option>`,
              )}
            </select>
          </div>
        </div>
        <div class="fr-fieldset__element">
          <button class="fr-btn" type="submit" ?disabled=${this.sending}>
            ${t("admin.invitations.send")}
          </button>
        </div>
      </fieldset>
    </form>`;
  }

  private renderIssued() {
    const link = this.issued?.accept_url;
    if (!this.issued || !link) return nothing;
    return html`<div
      class="fr-callout fr-mb-4w lasuite-invitation-issued"
      tabindex="-1"
      aria-labelledby="lasuite-invitation-link-title"
    >
      <h3 class="fr-callout__title" id="lasuite-invitation-link-title">
        ${t("admin.invitations.linkTitle", { email: this.issued.email })}
      </h3>
      <p class="fr-callout__text">${t("admin.invitations.linkHint")}</p>
      <div class="fr-input-group">
        <label class="fr-label" for="lasuite-invitation-link">${t("admin.invitations.link")}</label>
        <input
          class="fr-input"
          id="lasuite-invitation-link"
          readonly
          .value=${link}
          @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
        />
      </div>
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-clipboard-line fr-btn--icon-left"
        @click=${() => void this.copy(link)}
      >
        ${t("admin.invitations.copy")}
      </button>
    </div>`;
  }

  private renderList() {
    if (!this.invitations.length) return html`<p>${t("admin.invitations.none")}</p>`;
    return html`<div class="fr-table fr-table--no-caption">
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table id="lasuite-invitations-table">
              <caption>
                ${t("admin.invitations.pending")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t("admin.invitations.email")}</th>
                  <th scope="col">${t("admin.invitations.role")}</th>
                  <th scope="col">${t("admin.invitations.expires")}</th>
                  <th scope="col"><span class="fr-sr-only">${t("admin.actions")}</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.invitations.map(
                  (i) =>
                    html`<tr>
                      <th scope="row">${i.email}</th>
                      <td>${roleName(i.role)}</td>
                      <td>${formatDate(i.expires_at)}</td>
                      <td>
                        <button
                          type="button"
                          class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-close-line fr-btn--icon-left"
                          @click=${() => void this.revoke(i)}
                        >
                          ${t("admin.invitations.revoke")}<span class="fr-sr-only">
                            ${i.email}</span
                          >
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-invitations": LasuiteAdminInvitations;
  }
}
