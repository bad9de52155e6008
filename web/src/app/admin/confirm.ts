// A DSFR modal asking to confirm a destructive action. It is a native <dialog>
// opened with showModal(): the browser keeps the focus inside and closes it on
// Escape; the focus goes back to where it was when it closes.
import { html, render } from "lit";
import { t } from "../../shell/i18n";

export interface Confirmation {
  title: string;
  body: string;
  /** The confirming button's text, e.g. "Remove". */
  confirm: string;
}

let opened = 0;

/** Resolves to true when the user confirms, false when they cancel or press Escape. */
export function confirmAction({ title, body, confirm }: Confirmation): Promise<boolean> {
  const id = `lasuite-confirm-${++opened}`;
  const returnFocus = document.activeElement as HTMLElement | null;
  const dialog = document.createElement("dialog");
  dialog.className = "fr-modal fr-modal--opened lasuite-confirm";
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  dialog.setAttribute("aria-describedby", `${id}-body`);
  return new Promise((resolve) => {
    const close = (confirmed: boolean) => dialog.close(confirmed ? "confirm" : "cancel");
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
      if (returnFocus?.isConnected) returnFocus.focus();
    });
    render(
      html`<div class="fr-container fr-container--fluid fr-container-md">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <div class="fr-modal__body">
              <div class="fr-modal__header">
                <button
                  type="button"
                  class="fr-btn--close fr-btn"
                  title=${t("admin.dialog.close")}
                  @click=${() => close(false)}
                >
                  ${t("admin.dialog.close")}
                </button>
              </div>
              <div class="fr-modal__content">
                <h1 class="fr-modal__title" id="${id}-title">${title}</h1>
                <p id="${id}-body">${body}</p>
              </div>
              <div class="fr-modal__footer">
                <ul
                  class="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg"
                >
                  <li>
                    <button type="button" class="fr-btn" @click=${() => close(true)}>
                      ${confirm}
                    </button>
                  </li>
                  <li>
                    <button
                      type="button"
                      class="fr-btn fr-btn--secondary"
                      autofocus
                      @click=${() => close(false)}
                    >
                      ${t("admin.dialog.cancel")}
                    </button>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        </div>
      </div>`,
      dialog,
    );
    document.body.append(dialog);
    dialog.showModal();
  });
}
