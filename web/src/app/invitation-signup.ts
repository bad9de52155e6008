// <lasuite-invitation-signup>: the account form of someone invited who has none yet,
// checked here with the API's rules so that mistakes show beside their field.
import { html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { t } from "../shell/i18n";
import {
  DISPLAY_NAME_MAX_LENGTH,
  inputField,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "./field";
import { LightElement } from "./light-element";

/** Asks the invitation page to make the account; `detail` is a {@link SignUp}. */
export const SIGN_UP_EVENT = "lasuite-invitation-sign-up";

export interface SignUp {
  displayName: string;
  password: string;
}

type Field = "name" | "password";

@customElement("lasuite-invitation-signup")
export class LasuiteInvitationSignup extends LightElement {
  /** The account's address: the invitation's, not to be chosen. */
  @property() email = "";
  /** While the page is making the account. */
  @property({ type: Boolean }) busy = false;

  @state() private problems: Partial<Record<Field, string>> = {};
  @state() private showPassword = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const displayName = String(data.get("display_name") ?? "").trim();
    const password = String(data.get("password") ?? "");
    this.problems = problemsOf(displayName, password);
    const first = (Object.keys(this.problems) as Field[])[0];
    if (first) {
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#lasuite-signup-${first}`)?.focus();
      return;
    }
    const detail: SignUp = { displayName, password };
    this.dispatchEvent(new CustomEvent<SignUp>(SIGN_UP_EVENT, { detail }));
  }

  private edited(field: Field): void {
    if (this.problems[field]) this.problems = { ...this.problems, [field]: undefined };
  }

  protected override render() {
    return html`<form @submit=${this.submit} novalidate>
      <fieldset class="fr-fieldset" aria-labelledby="lasuite-signup-legend">
        <legend class="fr-fieldset__legend" id="lasuite-signup-legend">
          <h2 class="fr-h5 fr-mb-0">${t("invitation.signup.title")}</h2>
          <span class="fr-hint-text">${t("invitation.signup.address", { email: this.email })}</span>
        </legend>
        <div class="fr-fieldset__element">${this.renderName()}</div>
        <div class="fr-fieldset__element">${this.renderPassword()}</div>
      </fieldset>
      <button class="fr-btn" type="submit" id="lasuite-signup-submit" ?disabled=${this.busy}>
        ${t("invitation.signup.submit")}
      </button>
    </form>`;
  }

  private renderName() {
    return inputField({
      id: "lasuite-signup-name",
      name: "display_name",
      label: t("invitation.signup.name"),
      hint: t("invitation.signup.nameHint"),
      problem: this.problems.name,
      autocomplete: "name",
      maxlength: DISPLAY_NAME_MAX_LENGTH,
      required: true,
      onInput: () => this.edited("name"),
    });
  }

  private renderPassword() {
    return html`${inputField({
        id: "lasuite-signup-password",
        name: "password",
        label: t("invitation.signup.password"),
        hint: t("invitation.signup.passwordHint", { count: PASSWORD_MIN_LENGTH }),
        problem: this.problems.password,
        type: this.showPassword ? "text" : "password",
        autocomplete: "new-password",
        minlength: PASSWORD_MIN_LENGTH,
        maxlength: PASSWORD_MAX_LENGTH,
        required: true,
        onInput: () => this.edited("password"),
      })}
      <div class="fr-checkbox-group fr-checkbox-group--sm fr-mt-1w">
        <input
          type="checkbox"
          id="lasuite-signup-show-password"
          .checked=${this.showPassword}
          @change=${(e: Event) => (this.showPassword = (e.target as HTMLInputElement).checked)}
        />
        <label class="fr-label" for="lasuite-signup-show-password">
          ${t("login.showPassword")}
        </label>
      </div>`;
  }
}

/** What is wrong with the form's values, by field (nothing when the API will take them). */
function problemsOf(displayName: string, password: string): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (!displayName) problems.name = t("invitation.signup.nameMissing");
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.password = t("invitation.signup.passwordShort", { count: PASSWORD_MIN_LENGTH });
  }
  return problems;
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-invitation-signup": LasuiteInvitationSignup;
  }
}
