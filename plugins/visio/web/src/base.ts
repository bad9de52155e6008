// What every visio element shares: light DOM, so the DSFR's global classes apply to its
// markup, and a re-render when the language changes.
import { LitElement } from "lit";
import { ApiError, errorText, LocaleController, translated } from "@lasuite/shell";

export class VisioElement extends LitElement {
  protected readonly i18n = new LocaleController(this);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

/** The message to show for a failed call: what the code means in a meeting when the
 * meeting words it its own way (`visio.refused.<code>`), else the workspace's sentence. */
export function reason(error: unknown): string {
  const here = error instanceof ApiError ? translated(`visio.refused.${error.code}`) : undefined;
  return here ?? errorText(error);
}
