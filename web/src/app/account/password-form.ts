// <lasuite-account-password>: the caller changes their local password, checked here
// with the API's rules so that mistakes show beside their field. The API ends every
// other session of the account; this one goes on.
import { html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, ApiError } from "../../shell/api";
import { t } from "../../shell/i18n";
import { inputField, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../field";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";
import { outcome } from "./outcome";

type Field = "current" | "new" | "confirm";

const FIELDS: { field: Field; name: string; autocomplete: string }[] = [
  { field: "current", name: "current_password", autocomplete: "current-password" },
  { field: "new", name: "new_password", autocomplete: "new-password" },
  { field: "confirm", name: "confirmation", autocomplete: "new-password" },
];

@customElement("lasuite-account-password")
export class LasuiteAccountPassword extends LightElement {
  @state() private problems: Partial<Record<Field, string>> = {};
  @state() private error = "";
  @state() private status = "";
  @state() private busy = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const current = String(data.get("current_password") ?? "");
    const next = String(data.get("new_password") ?? "");
    const confirmation = String(data.get("confirmation") ?? "");
    this.status = "";
    this.error = "";
    this.problems = problemsOf(current, next, confirmation);
    if (await this.focusFirstProblem()) return;
    this.busy = true;
    try {
      await api.post("/api/v1/auth/password", { current_password: current, new_password: next });
      form.reset();
      this.status = t("account.password.changed");
    } catch (error) {
      this.problems = fieldProblemsOf(error);
      if (await this.focusFirstProblem()) return;
      const tooMany = error instanceof ApiError && error.status === 429;
      this.error = tooMany ? t("account.password.tooMany") : errorText(error);
    } finally {
      this.busy = false;
    }
  }

  /** Focus the first field in error; false when none is. */
  private async focusFirstProblem(): Promise<boolean> {
    const first = FIELDS.find(({ field }) => this.problems[field]);
    if (!first) return false;
    await this.updateComplete;
    this.querySelector<HTMLElement>(`#lasuite-password-${first.field}`)?.focus();
    return true;
  }

  private edited(field: Field): void {
    if (this.problems[field]) this.problems = { ...this.problems, [field]: undefined };
  }

  protected override render() {
    return html`<form @submit=${this.submit} novalidate>
      ${FIELDS.map(
        ({ field, name, autocomplete }) =>
          html`<div class="fr-mb-3w">${this.renderField(field, name, autocomplete)}</div>`,
      )}
      ${outcome(this.error, this.status)}
      <button class="fr-btn" type="submit" ?disabled=${this.busy}>
        ${t("account.password.submit")}
      </button>
    </form>`;
  }

  private renderField(field: Field, name: string, autocomplete: string) {
    const label = {
      current: t("account.password.current"),
      new: t("account.password.new"),
      confirm: t("account.password.confirm"),
    }[field];
    return inputField({
      id: `lasuite-password-${field}`,
      name,
      label,
      hint: field === "new" ? t("account.password.hint", { count: PASSWORD_MIN_LENGTH }) : "",
      problem: this.problems[field],
      type: "password",
      autocomplete,
      maxlength: PASSWORD_MAX_LENGTH,
      required: true,
      onInput: () => this.edited(field),
    });
  }
}

/** What is wrong with the form's values, by field (nothing when the API will take them). */
function problemsOf(current: string, next: string, confirmation: string) {
  const problems: Partial<Record<Field, string>> = {};
  if (!current) problems.current = t("account.password.currentMissing");
  if ([...next].length < PASSWORD_MIN_LENGTH) {
    problems.new = t("account.password.short", { count: PASSWORD_MIN_LENGTH });
  } else if (next === current) {
    problems.new = t("core.error.same_password");
  }
  if (!problems.new && confirmation !== next) problems.confirm = t("account.password.mismatch");
  return problems;
}

/** The API's refusals that concern one field, worded in the reader's language. */
function fieldProblemsOf(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return {};
  if (error.code === "core.wrong_password") return { current: t("core.error.wrong_password") };
  if (error.code === "core.same_password") return { new: t("core.error.same_password") };
  if (error.code === "invalid_input") {
    return { new: t("account.password.short", { count: PASSWORD_MIN_LENGTH }) };
  }
  return {};
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-password": LasuiteAccountPassword;
  }
}
