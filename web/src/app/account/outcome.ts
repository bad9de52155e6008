// What came of the last change a "Mon compte" section made: the error, in an alert, or
// the success, in the section's status (announced by screen readers).
import { html, nothing, type TemplateResult } from "lit";

export function outcome(error: string, status: string): TemplateResult {
  return html`${error
      ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>${error}</p>
        </div>`
      : nothing}
    <div role="status" class="lasuite-account-status">
      ${status
        ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w"><p>${status}</p></div>`
        : nothing}
    </div>`;
}
