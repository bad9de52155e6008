// The sidebar: a new page, the user's favourites, the pages as a tree (sub-pages in
// their order, opened on demand; the open page's ancestors opened for it) and the trash.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { navigate, t } from "@lasuite/shell";
import { docsApi, type DocumentOut, type TreeNode } from "./api";
import { CREATE, DocsElement, EDIT, may, reason } from "./base";

/** The top level's key among the loaded levels. */
const TOP = "";
const TRASH = "trash";

export class DocsSidebar extends DocsElement {
  /** The open page's id, or "trash". */
  @property() current = "";
  @property({ attribute: false }) favorites: DocumentOut[] = [];
  @state() private levels = new Map<string, TreeNode[]>();
  @state() private expanded = new Set<string>();
  @state() private error = "";
  /** The templates offered, once asked for (null: the list is closed). */
  @state() private templates: DocumentOut[] | null = null;
  private revealed = "";

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  protected override updated(): void {
    if (this.current && this.current !== TRASH && this.current !== this.revealed) void this.reveal(this.current);
  }

  /** Load the top level and every opened level again. */
  async refresh(): Promise<void> {
    const parents = [TOP, ...this.expanded];
    try {
      const loaded = await Promise.all(parents.map((id) => docsApi.children(id || null)));
      this.levels = new Map(parents.map((id, index) => [id, loaded[index]]));
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  /** Open the levels down to the page `id` (opened from a link or after a reload). */
  private async reveal(id: string): Promise<void> {
    this.revealed = id;
    const ancestors: string[] = [];
    try {
      let parent = (await docsApi.get(id)).parent_id;
      while (parent && ancestors.length < 50) {
        ancestors.push(parent);
        parent = (await docsApi.get(parent)).parent_id;
      }
    } catch {
      return; // gone meanwhile: the editor tells it
    }
    if (ancestors.every((a) => this.expanded.has(a))) return;
    this.expanded = new Set([...this.expanded, ...ancestors]);
    await this.refresh();
  }

  private async toggle(id: string): Promise<void> {
    const expanded = new Set(this.expanded);
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    this.expanded = expanded;
    await this.refresh();
  }

  private async toggleTemplates(): Promise<void> {
    this.error = "";
    if (this.templates) {
      this.templates = null;
      return;
    }
    try {
      this.templates = await docsApi.templates();
    } catch (error) {
      this.error = reason(error);
    }
  }

  private async create(parent: string | null, template: DocumentOut | null = null): Promise<void> {
    this.error = "";
    try {
      const page = await docsApi.create(template?.title ?? t("docs.untitled"), parent, template?.id ?? null);
      this.templates = null;
      if (parent) this.expanded = new Set([...this.expanded, parent]);
      await this.refresh();
      navigate(`/docs/${page.id}`);
    } catch (error) {
      this.error = reason(error);
    }
  }

  protected override render() {
    return html`<nav class="docs-sidebar" aria-label=${t("docs.sidebar.label")}>
      ${may(CREATE)
        ? html`<button
            type="button"
            class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left docs-sidebar__new"
            @click=${() => this.create(null)}
          >
            ${t("docs.newPage")}
          </button>
          <button
            type="button"
            class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-file-add-line fr-btn--icon-left docs-sidebar__new"
            aria-expanded=${String(!!this.templates)}
            @click=${() => this.toggleTemplates()}
          >
            ${t("docs.templates.new")}
          </button>
          ${this.templates ? this.templateList(this.templates) : nothing}`
        : nothing}
      ${this.error ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>` : nothing}
      ${this.favorites.length
        ? html`<h2 class="docs-sidebar__heading" id="docs-favorites">${t("docs.favorites")}</h2>
            <ul class="docs-tree" aria-labelledby="docs-favorites">
              ${this.favorites.map((page) => html`<li>${this.link(page, "docs-tree__link--favorite")}</li>`)}
            </ul>`
        : nothing}
      <h2 class="docs-sidebar__heading" id="docs-pages">${t("docs.pages")}</h2>
      ${this.level(TOP, "docs-pages")}
      ${may(EDIT)
        ? html`<a class="docs-sidebar__trash fr-link fr-icon-delete-line fr-link--icon-left" href="/docs/trash"
            aria-current=${this.current === TRASH ? "page" : nothing}
            >${t("docs.trash.title")}</a
          >`
        : nothing}
    </nav>`;
  }

  private templateList(templates: DocumentOut[]) {
    if (!templates.length) return html`<p class="fr-text--sm docs-muted">${t("docs.templates.none")}</p>`;
    return html`<ul class="docs-tree" aria-label=${t("docs.templates.list")}>
      ${templates.map(
        (template) => html`<li>
          <button type="button" class="docs-tree__link docs-sidebar__template" @click=${() => this.create(null, template)}>
            ${template.title}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private level(parent: string, labelledBy?: string): unknown {
    const nodes = this.levels.get(parent);
    if (!nodes) return parent === TOP ? html`<p class="docs-loading">${t("docs.loading")}</p>` : nothing;
    if (!nodes.length && parent === TOP) return html`<p class="fr-text--sm">${t("docs.noPages")}</p>`;
    return html`<ul class="docs-tree" aria-labelledby=${labelledBy ?? nothing}>
      ${repeat(
        nodes,
        (node) => node.document.id,
        (node) => this.node(node),
      )}
    </ul>`;
  }

  private node({ document, has_children }: TreeNode) {
    const open = this.expanded.has(document.id);
    return html`<li>
      <div class="docs-tree__row">
        ${has_children
          ? html`<button
              type="button"
              class="docs-tree__toggle ${open ? "fr-icon-arrow-down-s-line" : "fr-icon-arrow-right-s-line"}"
              aria-expanded=${String(open)}
              aria-label=${t("docs.tree.subPagesOf", { title: document.title })}
              @click=${() => this.toggle(document.id)}
            ></button>`
          : html`<span class="docs-tree__toggle"></span>`}
        ${this.link(document)}
        ${may(CREATE)
          ? html`<button
              type="button"
              class="docs-tree__add fr-icon-add-line"
              aria-label=${t("docs.tree.addSubPage", { title: document.title })}
              title=${t("docs.tree.addSubPage", { title: document.title })}
              @click=${() => this.create(document.id)}
            ></button>`
          : nothing}
      </div>
      ${open && has_children ? this.level(document.id) : nothing}
    </li>`;
  }

  private link(page: DocumentOut, modifier = "") {
    return html`<a
      class="docs-tree__link ${modifier}"
      href="/docs/${page.id}"
      aria-current=${page.id === this.current ? "page" : nothing}
      >${page.title}</a
    >`;
  }
}
