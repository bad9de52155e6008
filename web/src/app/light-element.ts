// The shell's elements render into the light DOM so that the DSFR's global
// stylesheet applies to their markup, and re-render when the language changes.
import { LitElement } from "lit";
import { LocaleController } from "../shell/i18n";

export class LightElement extends LitElement {
  protected readonly i18n = new LocaleController(this);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
