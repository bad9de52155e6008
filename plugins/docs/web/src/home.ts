// <docs-home>: docs' widget on the home page ("En ce moment"): the documents the reader
// may read, the last edited first, each a link to it, with when it last changed.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { docsApi, type DocumentOut } from "./api";
import { DocsElement, reason } from "./base";

/** Documents listed. */
const SHOWN = 5;

export class DocsHome extends DocsElement {
  @state() private documents: DocumentOut[] | null = null;
  @state() private error = "";

  override connectedCallback(): void {
    super.connectedCallback();
    docsApi.recent(SHOWN).then(
      (documents) => (this.documents = documents),
      (error) => (this.error = reason(error)),
    );
  }

  protected override render() {
    const documents = this.documents;
    return html`<div class="fr-card docs-home">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">${t("docs.home.title")}</h3>
          ${this.error ? html`<p class="fr-error-text">${this.error}</p>` : nothing}
          ${documents === null
            ? this.error
              ? nothing
              : html`<p class="fr-card__desc">${t("docs.home.loading")}</p>`
            : documents.length
              ? html`<ul class="docs-home__list">
                  ${documents.map(
                    (d) => html`<li>
                      <a class="fr-link" href="/docs/${d.id}">${d.title || t("docs.untitled")}</a>
                      <span class="fr-text--xs fr-mb-0">${when(d)}</span>
                    </li>`,
                  )}
                </ul>`
              : html`<p class="fr-card__desc">${t("docs.home.none")}</p>`}
        </div>
        <div class="fr-card__footer">
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/docs">${t("docs.home.open")}</a>
        </div>
      </div>
    </div>`;
  }
}

/** "edited on …" (or "created on …"), in the reader's language. */
function when(document: DocumentOut): string {
  const date = new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(document.edited_at ?? document.created_at),
  );
  return document.edited_at ? t("docs.home.edited", { date }) : t("docs.home.created", { date });
}
