// <lasuite-password-reset-page>: /password-reset, for a forgotten password. Without a
// token: the address to send a link to (the answer never says whether an account has
// it). With the e-mailed link's token (`#token=…`): the new password, twice.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, ApiError } from "../shell/api";
import { LOCALES, setLocale, t, type Locale } from "../shell/i18n";
import { navigate } from "../shell/router";
import { inputField, PASSWORD_MIN_LENGTH, passwordFits } from "./field";
import { LightElement } from "./light-element";

export const PASSWORD_RESET_PATH = "/password-reset";

type Step = "ask" | "sent" | "choose" | "done";

@customElement("lasuite-password-reset-page")
export class LasuitePasswordResetPage extends LightElement {
  @state() private step: Step = "ask";
  @state() private error = "";
  /** A problem of one field of the new password, shown beside it. */
  @state() private fieldError: { field: "password" | "confirmation"; message: string } | null = null;
  @state() private busy = false;
  /** The link's secret, taken out of the address bar as soon as the page reads it. */
  private token = "";
  /** The link welcomes a new account (made by an administrator), valid a week. */
  @state() private welcome = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("hashchange", this.readToken);
    this.readToken();
  }

  override disconnectedCallback(): void {
    window.removeEventListener("hashchange", this.readToken);
    super.disconnectedCallback();
  }

  /** Take the link's token (also when the link is opened on this very page). */
  private readonly readToken = (): void => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    const token = fragment.get("token")?.trim();
    if (!token) return;
    this.token = token;
    this.welcome = fragment.has("welcome");
    // The account's language, when its holder chose one: the e-mail was in it.
    const lang = fragment.get("lang");
    if ((LOCALES as readonly string[]).includes(lang ?? "")) setLocale(lang as Locale);
    this.step = "choose";
    this.error = "";
    history.replaceState(history.state, "", window.location.pathname);
  };

  private async ask(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get("email") ?? "").trim();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      this.error = t("reset.invalidEmail");
      return;
    }
    await this.call(async () => {
      await api.post("/api/v1/auth/password-reset", { email }, { quiet401: true });
      this.step = "sent";
    });
  }

  private async choose(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const password = String(data.get("password") ?? "");
    const confirmation = String(data.get("confirmation") ?? "");
    this.fieldError =
      !passwordFits(password)
        ? { field: "password", message: t("reset.tooShort", { min: PASSWORD_MIN_LENGTH }) }
        : password !== confirmation
          ? { field: "confirmation", message: t("reset.mismatch") }
          : null;
    if (this.fieldError) return;
    await this.call(async () => {
      await api.post("/api/v1/auth/password-reset/confirm", { token: this.token, new_password: password });
      this.step = "done";
    });
  }

  private async call(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = "";
    try {
      await work();
    } catch (error) {
      this.error = refusal(error, this.welcome);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.querySelector<HTMLElement>(this.error ? "#lasuite-reset-error" : "h1")?.focus();
  }

  protected override render() {
    return html`<div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <div class="fr-background-alt--grey fr-px-4w fr-px-md-8w fr-py-6w lasuite-login">
          <h1 tabindex="-1">
            ${this.welcome
              ? t("reset.welcomeTitle")
              : this.step === "choose" || this.step === "done"
                ? t("reset.chooseTitle")
                : t("reset.title")}
          </h1>
          ${this.error
            ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" id="lasuite-reset-error" role="alert" tabindex="-1">
                <p>${this.error}</p>
              </div>`
            : nothing}
          ${this.renderStep()}
        </div>
      </div>
    </div>`;
  }

  private renderStep() {
    switch (this.step) {
      case "ask":
        return html`<p>${t("reset.intro")}</p>
          <form @submit=${this.ask} novalidate>
            <div class="fr-input-group">
              <label class="fr-label" for="lasuite-reset-email">
                ${t("login.email")}<span class="fr-hint-text">${t("login.emailHint")}</span>
              </label>
              <input class="fr-input" type="email" id="lasuite-reset-email" name="email" autocomplete="username" required />
            </div>
            <button class="fr-btn" type="submit" ?disabled=${this.busy}>${t("reset.send")}</button>
          </form>
          <p class="fr-mt-3w"><a class="fr-link" href="/">${t("reset.back")}</a></p>`;
      case "sent":
        return html`<p role="status">${t("reset.sent")}</p>
          <p><a class="fr-link" href="/">${t("reset.back")}</a></p>`;
      case "choose":
        return html`<form @submit=${this.choose} novalidate>
          ${this.passwordField("password", t("reset.newPassword"), t("reset.rule", { min: PASSWORD_MIN_LENGTH }))}
          ${this.passwordField("confirmation", t("reset.confirmation"), "")}
          <button class="fr-btn" type="submit" ?disabled=${this.busy}>${t("reset.save")}</button>
        </form>`;
      case "done":
        return html`<p role="status">${this.welcome ? t("reset.welcomeDone") : t("reset.done")}</p>
          <button class="fr-btn" type="button" @click=${() => navigate("/", { replace: true })}>
            ${t("login.submit")}
          </button>`;
    }
  }

  private passwordField(name: "password" | "confirmation", label: string, hint: string) {
    return inputField({
      id: `lasuite-reset-${name}`,
      name,
      label,
      hint,
      problem: this.fieldError?.field === name ? this.fieldError.message : "",
      type: "password",
      autocomplete: "new-password",
    });
  }
}

/** The sentence for a refused call, in the reader's language (a welcome link is valid a
 * week, not an hour). */
function refusal(error: unknown, welcome: boolean): string {
  if (!(error instanceof ApiError)) return t("reset.failed");
  switch (error.code) {
    case "core.reset_link_invalid":
      return t("reset.invalidLink");
    case "core.reset_link_expired":
      return welcome ? t("reset.welcomeExpired") : t("reset.expired");
    case "too_many_requests":
      return t("reset.tooMany");
    case "network_error":
      return t("error.network");
    default:
      return t("reset.failed");
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-password-reset-page": LasuitePasswordResetPage;
  }
}
