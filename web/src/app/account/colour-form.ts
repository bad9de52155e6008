// <lasuite-account-colour>: the colour that stands for the person — their badge, their
// caret in a shared page, their tile in a meeting — saved as soon as it is picked.
import { html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { errorText } from "../../shell/errors";
import { LocaleController, t } from "../../shell/i18n";
import { session } from "../../shell/session";
import { badge, PALETTE } from "../colours";
import { LightElement } from "../light-element";
import { outcome } from "./outcome";

@customElement("lasuite-account-colour")
export class LasuiteAccountColour extends LightElement {
  @state() private status = "";
  @state() private error = "";
  @state() private busy = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private async choose(colour: string): Promise<void> {
    this.busy = true;
    this.status = "";
    this.error = "";
    try {
      await api.patch("/api/v1/auth/me", { colour });
      await session.load();
      this.status = t("account.colour.saved");
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const me = session.current?.me;
    if (!me) return html``;
    return html`<fieldset class="fr-fieldset" aria-describedby="lasuite-colour-hint">
        <legend class="fr-fieldset__legend fr-text--regular">
          ${t("account.colour.legend")}
          <span class="fr-hint-text" id="lasuite-colour-hint">${t("account.colour.hint")}</span>
        </legend>
        ${PALETTE.map(
          ({ colour, name }) =>
            html`<div class="fr-fieldset__element fr-fieldset__element--inline">
              <div class="fr-radio-group">
                <input
                  type="radio"
                  id="lasuite-colour-${name}"
                  name="colour"
                  value=${colour}
                  .checked=${me.colour === colour}
                  ?disabled=${this.busy}
                  @change=${() => void this.choose(colour)}
                />
                <label class="fr-label" for="lasuite-colour-${name}">
                  <span class="lasuite-colour-choice"
                    >${badge(me.display_name, colour)}${t(`account.colour.name.${name}`)}</span
                  >
                </label>
              </div>
            </div>`,
        )}
      </fieldset>
      ${outcome(this.error, this.status)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-colour": LasuiteAccountColour;
  }
}
