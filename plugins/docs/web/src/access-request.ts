// Asking a page's administrators for a role on it: on a page one may not open (reached by
// its link) or may only read. They are notified; the page follows once they accept.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { docsApi, ROLES, type Role } from "./api";
import { DocsElement, reason } from "./base";

const ASKABLE: Role[] = ["reader", "commenter", "editor"];

export class DocsAccessRequest extends DocsElement {
  @property({ attribute: false }) documentId = "";
  /** The role held now (none: the page cannot be opened). */
  @property({ attribute: false }) held: Role | null = null;
  @state() private asked = false;
  @state() private failure = "";

  private get choices(): Role[] {
    const held = this.held ? ROLES.indexOf(this.held) : -1;
    return ASKABLE.filter((role) => ROLES.indexOf(role) > held);
  }

  private readonly ask = async (event: SubmitEvent) => {
    event.preventDefault();
    const role = String(new FormData(event.target as HTMLFormElement).get("role")) as Role;
    this.failure = "";
    try {
      await docsApi.askForAccess(this.documentId, role);
      this.asked = true;
    } catch (error) {
      this.failure = reason(error);
    }
  };

  protected override render() {
    if (this.asked) return html`<p class="fr-text--sm" role="status">${t("docs.requests.sent")}</p>`;
    const choices = this.choices;
    if (!choices.length) return nothing;
    return html`${this.held ? nothing : html`<p class="fr-text--sm fr-mb-1w">${t("docs.requests.intro")}</p>`}
      <form class="docs-share__add docs-access-request" @submit=${this.ask}>
      <div class="fr-select-group">
        <label class="fr-label" for="docs-ask-role">${t("docs.requests.askRole")}</label>
        <select class="fr-select" id="docs-ask-role" name="role">
          ${choices.map(
            (role) => html`<option value=${role} ?selected=${role === choices[choices.length - 1]}>
              ${t(`docs.role.${role}`)}
            </option>`,
          )}
        </select>
      </div>
      <button class="fr-btn fr-btn--sm" type="submit">${t("docs.requests.ask")}</button>
      ${this.failure ? html`<p class="fr-error-text">${this.failure}</p>` : nothing}
      </form>`;
  }
}
