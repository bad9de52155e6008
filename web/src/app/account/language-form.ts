// <lasuite-account-language>: the workspace's language on every device the person
// signs in on, and their e-mails' (the header's choice does the same).
import { html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { errorText } from "../../shell/errors";
import { LocaleController, t, type Locale } from "../../shell/i18n";
import { languageOptions } from "../language-options";
import { session } from "../../shell/session";
import { LightElement } from "../light-element";
import { outcome } from "./outcome";

@customElement("lasuite-account-language")
export class LasuiteAccountLanguage extends LightElement {
  @state() private status = "";
  @state() private error = "";

  constructor() {
    super();
    new LocaleController(this);
  }

  private async choose(event: Event): Promise<void> {
    const next = (event.target as HTMLSelectElement).value as Locale;
    this.status = "";
    this.error = "";
    try {
      await session.chooseLocale(next);
      this.status = t("account.language.saved");
    } catch (error) {
      this.error = errorText(error);
    }
  }

  protected override render() {
    return html`<div class="fr-select-group">
        <label class="fr-label" for="lasuite-account-language">
          ${t("account.language.label")}
          <span class="fr-hint-text">${t("account.language.hint")}</span>
        </label>
        <select class="fr-select" id="lasuite-account-language" @change=${this.choose}>
          ${languageOptions()}
        </select>
      </div>
      ${outcome(this.error, this.status)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-language": LasuiteAccountLanguage;
  }
}
