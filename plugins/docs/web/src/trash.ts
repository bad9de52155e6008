// The trash at /docs/trash: what was trashed (each with the pages trashed along with
// it), the latest first, each to restore; purged after 30 days.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { docsApi, type DocumentOut } from "./api";
import { announceChange, DocsElement, reason } from "./base";

export class DocsTrash extends DocsElement {
  @state() private documents: DocumentOut[] | null = null;
  @state() private error = "";
  @state() private restored: DocumentOut | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.documents = await docsApi.trashed();
    } catch (error) {
      this.error = reason(error);
    }
  }

  private async restore(document: DocumentOut): Promise<void> {
    this.error = "";
    try {
      this.restored = await docsApi.restore(document.id);
      announceChange(this);
      await this.load();
    } catch (error) {
      this.error = reason(error);
    }
  }

  protected override render() {
    const when = new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" });
    return html`<h2>${t("docs.trash.title")}</h2>
      <p class="fr-text--sm">${t("docs.trash.purged")}</p>
      ${this.error ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>` : nothing}
      ${this.restored
        ? html`<div class="fr-alert fr-alert--success fr-alert--sm" role="status">
            <p>
              ${t("docs.trash.restored")}
              <a href="/docs/${this.restored.id}">${this.restored.title}</a>
            </p>
          </div>`
        : nothing}
      ${this.documents === null
        ? html`<p class="docs-loading">${t("docs.loading")}</p>`
        : this.documents.length === 0
          ? html`<p>${t("docs.trash.empty")}</p>`
          : html`<ul class="docs-trash" aria-label=${t("docs.trash.title")}>
              ${this.documents.map(
                (document) => html`<li class="docs-trash__item">
                  <span class="docs-trash__title">${document.title}</span>
                  <span class="fr-text--xs docs-trash__when"
                    >${t("docs.trash.when", { date: when.format(new Date(document.deleted_at ?? "")) })}</span
                  >
                  <button
                    type="button"
                    class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-arrow-go-back-line fr-btn--icon-left"
                    aria-label=${t("docs.trash.restoreNamed", { title: document.title })}
                    @click=${() => this.restore(document)}
                  >
                    ${t("docs.trash.restore")}
                  </button>
                </li>`,
              )}
            </ul>`}`;
  }
}
