// What every visio element shares: light DOM, so the DSFR's global classes apply to its
// markup, and a re-render when the language changes.
import { LitElement } from "lit";
import { ApiError, LocaleController, t } from "@lasuite/shell";

export class VisioElement extends LitElement {
  protected readonly i18n = new LocaleController(this);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

/** The message to show for a failed call: the translation of its code when there is one. */
export function reason(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `visio.error.${error.code}`;
    const translated = t(key);
    return translated === key ? error.message : translated;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
