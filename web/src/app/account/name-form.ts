// <lasuite-account-name>: the caller changes the name others see; the header's user
// menu shows it at once (the session is reloaded).
import { html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../shell/api";
import { t } from "../../shell/i18n";
import { session } from "../../shell/session";
import { DISPLAY_NAME_MAX_LENGTH, inputField } from "../field";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";
import { outcome } from "./outcome";

@customElement("lasuite-account-name")
export class LasuiteAccountName extends LightElement {
  @property() displayName = "";

  @state() private problem = "";
  @state() private error = "";
  @state() private status = "";
  @state() private busy = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.querySelector<HTMLInputElement>("#lasuite-account-name")!;
    const displayName = input.value.trim();
    this.status = "";
    this.error = "";
    this.problem = displayName ? "" : t("account.name.missing");
    if (this.problem) {
      await this.updateComplete;
      input.focus();
      return;
    }
    this.busy = true;
    try {
      await api.patch("/api/v1/auth/me", { display_name: displayName });
      await session.load();
      this.status = t("account.name.saved");
    } catch (error) {
      if (error instanceof ApiError && error.code === "invalid_input") {
        this.problem = t("account.name.missing");
      } else {
        this.error = errorText(error);
      }
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<form @submit=${this.submit} novalidate>
      ${inputField({
        id: "lasuite-account-name",
        name: "display_name",
        label: t("account.name.label"),
        hint: t("account.name.hint"),
        problem: this.problem,
        autocomplete: "name",
        maxlength: DISPLAY_NAME_MAX_LENGTH,
        required: true,
        value: this.displayName,
        onInput: () => (this.problem = ""),
      })}
      ${outcome(this.error, this.status)}
      <button class="fr-btn" type="submit" ?disabled=${this.busy}>
        ${t("account.name.submit")}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-name": LasuiteAccountName;
  }
}
