// The versions panel of a page: its versions (named ones by name, the others by date),
// what changed since each, naming the page as it is now, and restoring a version — a
// new edit everyone with the page open sees at once.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { atLeast, docsApi, type Change, type DocumentOut, type Version } from "./api";
import { DocsElement, reason } from "./base";

export class DocsVersions extends DocsElement {
  @property({ attribute: false }) document!: DocumentOut;
  @state() private versions: Version[] = [];
  @state() private shown: Version | null = null;
  @state() private changes: Change[] = [];
  @state() private failure = "";
  @state() private done = "";

  private get edits(): boolean {
    return atLeast(this.document.my_role, "editor");
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.versions = await docsApi.versions(this.document.id);
    } catch (error) {
      this.failure = reason(error);
    }
  }

  private async act(change: () => Promise<unknown>, done = ""): Promise<void> {
    this.failure = "";
    this.done = "";
    try {
      await change();
      this.done = done;
      await this.load();
    } catch (error) {
      this.failure = reason(error);
    }
  }

  private readonly name = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return;
    void this.act(async () => {
      await docsApi.nameVersion(this.document.id, name);
      form.reset();
    }, t("docs.versions.named"));
  };

  private async show(version: Version): Promise<void> {
    this.shown = version;
    this.changes = [];
    await this.act(async () => {
      this.changes = await docsApi.changes(this.document.id, version.id);
    });
  }

  private label(version: Version): string {
    const when = new Date(version.created_at).toLocaleString(locale(), {
      dateStyle: "short",
      timeStyle: "short",
    });
    return version.name ? `${version.name} — ${when}` : t("docs.versions.automatic", { when });
  }

  protected override render() {
    return html`<section class="docs-share docs-versions" aria-labelledby="docs-versions-title">
      <div class="docs-share__top">
        <h2 class="fr-h6" id="docs-versions-title">${t("docs.versions.title")}</h2>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
          @click=${() => this.dispatchEvent(new CustomEvent("docs-versions-close", { bubbles: true }))}
        >
          ${t("docs.share.close")}
        </button>
      </div>
      ${this.failure
        ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.failure}</p></div>`
        : nothing}
      ${this.done
        ? html`<div class="fr-alert fr-alert--success fr-alert--sm" role="status"><p>${this.done}</p></div>`
        : nothing}
      ${this.edits
        ? html`<form class="docs-share__add" @submit=${this.name}>
            <div class="fr-input-group">
              <label class="fr-label" for="docs-version-name">${t("docs.versions.name")}</label>
              <input class="fr-input" id="docs-version-name" name="name" maxlength="200" required />
            </div>
            <button class="fr-btn fr-btn--sm" type="submit">${t("docs.versions.keep")}</button>
          </form>`
        : nothing}
      ${this.versions.length === 0
        ? html`<p class="docs-muted">${t("docs.versions.none")}</p>`
        : html`<ul class="docs-share__list">
            ${this.versions.map(
              (version) => html`<li class="docs-share__person">
                <span class="docs-share__name">${this.label(version)}</span>
                <button
                  type="button"
                  class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
                  aria-pressed=${String(this.shown?.id === version.id)}
                  @click=${() => void this.show(version)}
                >
                  ${t("docs.versions.show", { version: this.label(version) })}
                </button>
                ${this.edits
                  ? html`<button
                      type="button"
                      class="fr-btn fr-btn--sm fr-btn--secondary"
                      @click=${() =>
                        this.act(
                          () => docsApi.restoreVersion(this.document.id, version.id),
                          t("docs.versions.restored"),
                        )}
                    >
                      ${t("docs.versions.restore", { version: this.label(version) })}
                    </button>`
                  : nothing}
              </li>`,
            )}
          </ul>`}
      ${this.shown ? this.renderChanges() : nothing}
    </section>`;
  }

  private renderChanges() {
    return html`<h3 class="fr-text--md fr-mb-1w">
        ${t("docs.versions.changesSince", { version: this.label(this.shown!) })}
      </h3>
      <ol class="docs-changes" aria-label=${t("docs.versions.changes")}>
        ${this.changes.map(
          (change) => html`<li class="docs-changes__line docs-changes__line--${change.op}">
            <span class="fr-sr-only">${t(`docs.versions.op.${change.op}`)}</span>${change.line}
          </li>`,
        )}
      </ol>`;
  }
}
