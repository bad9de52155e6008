// The `app` fragment at /docs: the sidebar (behind a button on a phone) and the page
// the path names: /docs/<id> (a page), /docs/trash, or /docs (nothing open yet).
import { html, nothing } from "lit";
import { query, state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { docsApi, type DocumentOut } from "./api";
import { CREATE, DOCS_CHANGED_EVENT, DocsElement, may, reason } from "./base";
import type { DocsSidebar } from "./sidebar";

const ROUTE_EVENT = "lasuite:navigate";

function routeOf(path: string): string {
  return path.split("/")[2] ?? "";
}

export class DocsApp extends DocsElement {
  @state() private route = routeOf(window.location.pathname);
  @state() private favorites: DocumentOut[] = [];
  @state() private sidebarOpen = false;
  @state() private error = "";
  @query("docs-sidebar") private sidebar?: DocsSidebar;

  private readonly onRoute = () => {
    this.route = routeOf(window.location.pathname);
    this.sidebarOpen = false;
  };
  private readonly onChanged = () => {
    void this.sidebar?.refresh();
    void this.loadFavorites();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(ROUTE_EVENT, this.onRoute);
    window.addEventListener("popstate", this.onRoute);
    this.addEventListener(DOCS_CHANGED_EVENT, this.onChanged);
    void this.loadFavorites();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(ROUTE_EVENT, this.onRoute);
    window.removeEventListener("popstate", this.onRoute);
    this.removeEventListener(DOCS_CHANGED_EVENT, this.onChanged);
  }

  private async loadFavorites(): Promise<void> {
    try {
      this.favorites = await docsApi.favorites();
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  protected override render() {
    return html`<div class="docs ${this.sidebarOpen ? "docs--sidebar-open" : ""}">
      <button
        type="button"
        class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-menu-fill fr-btn--icon-left docs__sidebar-button"
        aria-expanded=${String(this.sidebarOpen)}
        aria-controls="docs-sidebar"
        @click=${() => (this.sidebarOpen = !this.sidebarOpen)}
      >
        ${t("docs.sidebar.toggle")}
      </button>
      <div class="docs__sidebar" id="docs-sidebar">
        <docs-sidebar .current=${this.route} .favorites=${this.favorites}></docs-sidebar>
      </div>
      <section class="docs__main" aria-label=${t("docs.main.label")}>
        ${this.error ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>` : nothing}
        ${this.page()}
      </section>
    </div>`;
  }

  private page() {
    if (this.route === "trash") return html`<docs-trash></docs-trash>`;
    if (this.route) {
      return html`<docs-editor
        .documentId=${this.route}
        ?favorite=${this.favorites.some((d) => d.id === this.route)}
      ></docs-editor>`;
    }
    return html`<div class="docs-empty">
      <h2>${t("docs.title")}</h2>
      <p>${may(CREATE) ? t("docs.pick") : t("docs.pickReader")}</p>
    </div>`;
  }
}
