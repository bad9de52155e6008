// <lasuite-login-page>: ProConnect when the installation offers it, and the
// local account form; `embedded` inside another page (an invitation's), which has
// the page's title, and with its `invitation` ProConnect accepts it too.
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../shell/api";
import { t } from "../shell/i18n";
import { errorText } from "../shell/errors";
import { session, type Providers } from "../shell/session";
import { LightElement } from "./light-element";

/** Where the OIDC (ProConnect) sign-in starts (a full-page navigation; `next` is where to land). */
export const OIDC_LOGIN_URL = "/api/v1/auth/oidc/login";

/**
 * Start a ProConnect sign-in from an invitation's page: once ProConnect vouches for the
 * person, they join the invitation's organization and land where it leads. The token
 * goes in the request's body, never in an address.
 */
async function proConnectInvited(invitation: string): Promise<void> {
  const started = await api.post<{ url: string }>(OIDC_LOGIN_URL, { invitation });
  window.location.assign(started.url);
}

@customElement("lasuite-login-page")
export class LasuiteLoginPage extends LightElement {
  @property({ attribute: false }) providers: Providers = { local: true, oidc: false };
  /** Only the sign-in methods, without the page's frame and heading. */
  @property({ type: Boolean }) embedded = false;
  /** The address to sign in with, when the page knows it (an invitation's). */
  @property() email = "";
  /** The token of the invitation whose page this is: ProConnect accepts it. */
  @property({ attribute: false }) invitation: string | null = null;

  @state() private error = "";
  /** Why a ProConnect sign-in could not start (from an invitation's page). */
  @state() private proConnectError = "";
  @state() private busy = false;
  @state() private showPassword = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = "";
    try {
      await session.signIn(String(data.get("email")), String(data.get("password")));
    } catch (error) {
      this.error =
        error instanceof ApiError && error.status === 401
          ? t("login.invalid")
          : errorText(error);
      await this.updateComplete;
      this.querySelector<HTMLElement>("#lasuite-login-error")?.focus();
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    if (this.embedded) return this.renderMethods();
    return html`<div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <div class="fr-background-alt--grey fr-px-4w fr-px-md-8w fr-py-6w lasuite-login">
          <h1 tabindex="-1">${t("login.title")}</h1>
          <p>${t("login.intro")}</p>
          ${this.renderMethods()}
        </div>
      </div>
    </div>`;
  }

  private renderMethods() {
    return html`${this.providers.oidc ? this.renderProConnect() : nothing}
    ${this.providers.local ? this.renderLocalForm() : nothing}`;
  }

  private async startInvited(invitation: string): Promise<void> {
    this.busy = true;
    this.proConnectError = "";
    try {
      await proConnectInvited(invitation);
    } catch (error) {
      this.busy = false;
      this.proConnectError = errorText(error);
      await this.updateComplete;
      this.querySelector<HTMLElement>("#lasuite-proconnect-error")?.focus();
    }
  }

  private renderProConnect() {
    const classes = "fr-btn fr-btn--lg fr-icon-account-circle-fill fr-btn--icon-left";
    const invitation = this.invitation;
    return html`<div class="fr-mb-4w">
        ${this.proConnectError
          ? html`<div
              class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w"
              id="lasuite-proconnect-error"
              role="alert"
              tabindex="-1"
            >
              <p>${this.proConnectError}</p>
            </div>`
          : nothing}
        ${invitation
          ? html`<button
              class=${classes}
              type="button"
              id="lasuite-proconnect"
              ?disabled=${this.busy}
              @click=${() => void this.startInvited(invitation)}
            >
              ${t("login.proconnect")}
            </button>`
          : html`<a
              class=${classes}
              id="lasuite-proconnect"
              href="${OIDC_LOGIN_URL}?next=${encodeURIComponent(
                location.pathname + location.search,
              )}"
            >
              ${t("login.proconnect")}
            </a>`}
      </div>
      ${this.providers.local ? html`<p class="fr-hr-or">${t("login.or")}</p>` : nothing}`;
  }

  private renderLocalForm() {
    return html`<form @submit=${this.submit} novalidate>
      <fieldset class="fr-fieldset" aria-labelledby="lasuite-login-legend">
        <legend class="fr-fieldset__legend" id="lasuite-login-legend">
          <h2 class="fr-h5 fr-mb-0">${t("login.local")}</h2>
        </legend>
        ${this.error
          ? html`<div class="fr-fieldset__element">
              <div
                class="fr-alert fr-alert--error fr-alert--sm"
                id="lasuite-login-error"
                role="alert"
                tabindex="-1"
              >
                <p><strong>${t("login.failed")}</strong> — ${this.error}</p>
              </div>
            </div>`
          : nothing}
        <div class="fr-fieldset__element">
          <div class="fr-input-group">
            <label class="fr-label" for="lasuite-email">
              ${t("login.email")}
              <span class="fr-hint-text">${t("login.emailHint")}</span>
            </label>
            <input
              class="fr-input"
              type="email"
              id="lasuite-email"
              name="email"
              .value=${this.email}
              autocomplete="username"
              required
              aria-describedby=${this.error ? "lasuite-login-error" : nothing}
            />
          </div>
        </div>
        <div class="fr-fieldset__element">
          <div class="fr-input-group">
            <label class="fr-label" for="lasuite-password">${t("login.password")}</label>
            <input
              class="fr-input"
              type=${this.showPassword ? "text" : "password"}
              id="lasuite-password"
              name="password"
              autocomplete="current-password"
              required
            />
          </div>
          <div class="fr-checkbox-group fr-checkbox-group--sm fr-mt-1w">
            <input
              type="checkbox"
              id="lasuite-show-password"
              .checked=${this.showPassword}
              @change=${(e: Event) => (this.showPassword = (e.target as HTMLInputElement).checked)}
            />
            <label class="fr-label" for="lasuite-show-password">${t("login.showPassword")}</label>
          </div>
        </div>
      </fieldset>
      <button class="fr-btn" type="submit" id="lasuite-login-submit" ?disabled=${this.busy}>
        ${t("login.submit")}
      </button>
      <p class="fr-mt-2w fr-mb-0"><a class="fr-link" href="/password-reset">${t("reset.forgot")}</a></p>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-login-page": LasuiteLoginPage;
  }
}
