// The `public.page` fragment: /docs/<id> for someone not signed in — the page reads
// live, without an account, when a public link reaches it.
import { Editor } from "@tiptap/core";
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { docsApi, type SharedOut } from "./api";
import { DocsElement, reason } from "./base";
import { DocumentSession, OTHER_COLOR, type LinkState } from "./collaboration";
import { editorExtensions } from "./extensions";

/** Visitors share one awareness name: they have no account to be named by. */
const VISITOR = "visitor";

export class DocsVisitor extends DocsElement {
  @state() private shared: SharedOut | null = null;
  @state() private error = "";
  @state() private link: LinkState = "connecting";
  private session: DocumentSession | null = null;
  private editor: Editor | null = null;

  private get documentId(): string {
    return decodeURIComponent(window.location.pathname.split("/")[2] ?? "");
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.editor?.destroy();
    this.session?.destroy();
  }

  private async open(): Promise<void> {
    const id = this.documentId;
    if (!id) {
      this.error = t("docs.visitor.noLink");
      return;
    }
    try {
      this.shared = await docsApi.shared(id);
    } catch (error) {
      this.error = reason(error);
      return;
    }
    await this.updateComplete;
    const host = this.querySelector<HTMLElement>(".docs-editor__content");
    if (!host) return;
    const live = new DocumentSession(id, VISITOR, (link) => (this.link = link), { keepLocally: false });
    this.session = live;
    this.editor = new Editor({
      element: host,
      injectCSS: false,
      editable: false,
      extensions: editorExtensions(live, { name: t("docs.visitor.name"), color: OTHER_COLOR }, () => ""),
      editorProps: {
        attributes: {
          class: "docs-editor__prosemirror",
          "aria-label": t("docs.editor.label"),
          "aria-multiline": "true",
          "aria-readonly": "true",
          role: "textbox",
        },
      },
    });
  }

  protected override render() {
    if (this.error) {
      return html`<div class="docs-visitor">
        <div class="fr-alert fr-alert--error" role="alert"><p>${this.error}</p></div>
        <p><a class="fr-btn fr-btn--secondary" href="/login">${t("docs.visitor.signIn")}</a></p>
      </div>`;
    }
    return html`<article class="docs-visitor">
      ${this.shared
        ? html`<h1 class="docs-editor__title">${this.shared.title}</h1>`
        : html`<p class="docs-loading">${t("docs.loading")}</p>`}
      <div class="fr-notice fr-notice--info docs-banner" role="status">
        <p>${t("docs.visitor.readOnly")} <a href="/login">${t("docs.visitor.signIn")}</a></p>
      </div>
      ${this.link === "refused"
        ? html`<div class="fr-alert fr-alert--error fr-alert--sm docs-banner" role="alert">
            <p>${t("docs.failure.notFound")}</p>
          </div>`
        : nothing}
      <div class="docs-editor__content" ?hidden=${this.link === "refused"}></div>
    </article>`;
  }
}
