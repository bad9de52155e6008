// <lasuite-search-page>: the results of /search?q=… from every plugin of the
// organization, best first. A plugin that places an element in the `search.result`
// slot shows its own results (the element gets the result as its `result`
// property); the others get the default rendering. Plugins that did not answer
// are named, since some results may be missing.
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { locale, t } from "../shell/i18n";
import { errorText } from "../shell/errors";
import { currentPath, ROUTE_EVENT } from "../shell/router";
import type { FragmentRef, SessionState } from "../shell/session";
import { createFragment } from "./fragment";
import { LightElement } from "./light-element";
import {
  highlight,
  kindName,
  searchedWords,
  searchWorkspace,
  type SearchAnswer,
  type SearchResult,
} from "./search";
import "../styles/search.css";
import { pluginName } from "./plugin-names";

type Status = "idle" | "loading" | "ready" | "failed";

const RESULTS = 50;
const SLOT = "search.result";

function day(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(date);
}

/** One result: the plugin's `search.result` element when it has one, else the default. */
@customElement("lasuite-search-hit")
export class LasuiteSearchHit extends LightElement {
  @property({ attribute: false }) result!: SearchResult;
  @property({ attribute: false }) ref?: FragmentRef;
  @property({ attribute: false }) pluginName = "";
  @property({ attribute: false }) words = "";

  @state() private element?: HTMLElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("ref")) {
      this.element = undefined;
      if (this.ref) void this.load(this.ref);
    }
    if (changed.has("result") && this.element) this.give(this.element);
  }

  private give(element: HTMLElement): void {
    (element as HTMLElement & { result?: SearchResult }).result = this.result;
  }

  private async load(ref: FragmentRef): Promise<void> {
    try {
      const element = await createFragment(ref);
      if (ref !== this.ref) return;
      this.give(element);
      this.element = element;
    } catch (error) {
      // Its result stays reachable through the default rendering.
      console.error(`lasuite: the search result element <${ref.element}> failed:`, error);
    }
  }

  protected override render() {
    if (this.element) return this.element;
    const { result, words } = this;
    return html`<article class="lasuite-hit">
      <p class="lasuite-hit__meta fr-text--xs">
        <span class="fr-badge fr-badge--sm fr-badge--no-icon">${this.pluginName}</span>
        <span>${kindName(result.kind)}</span>
      </p>
      <h2 class="fr-h6 lasuite-hit__title">
        <a href=${result.url}>${highlight(result.title, words)}</a>
      </h2>
      ${result.excerpt
        ? html`<p class="lasuite-hit__excerpt fr-text--sm">${highlight(result.excerpt, words)}</p>`
        : nothing}
      <p class="lasuite-hit__date fr-text--xs">${t("search.updated", { date: day(result.updated_at) })}</p>
    </article>`;
  }
}

@customElement("lasuite-search-page")
export class LasuiteSearchPage extends LightElement {
  @property({ attribute: false }) state!: SessionState;

  @state() private words = searchedWords();
  @state() private status: Status = "idle";
  @state() private answer?: SearchAnswer;
  @state() private error = "";

  private running?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("popstate", this.follow);
    window.addEventListener(ROUTE_EVENT, this.follow);
    void this.run();
  }

  override disconnectedCallback(): void {
    window.removeEventListener("popstate", this.follow);
    window.removeEventListener(ROUTE_EVENT, this.follow);
    this.running?.abort();
    super.disconnectedCallback();
  }

  /** Another search from the header while this page is shown. */
  private readonly follow = (): void => {
    if (currentPath() !== "/search" || searchedWords() === this.words) return;
    this.words = searchedWords();
    void this.run();
  };

  private async run(): Promise<void> {
    this.running?.abort();
    const words = this.words.trim();
    this.answer = undefined;
    this.error = "";
    if (!words) {
      this.status = "idle";
      return;
    }
    const running = (this.running = new AbortController());
    this.status = "loading";
    try {
      this.answer = await searchWorkspace(words, RESULTS, running.signal);
      this.status = "ready";
    } catch (error) {
      if (running.signal.aborted) return;
      this.error = errorText(error);
      this.status = "failed";
    }
  }

  private pluginName(id: string): string {
    const plugin = this.state.workspace.plugins.find((p) => p.id === id);
    return plugin ? pluginName(plugin) : id;
  }

  protected override render() {
    const words = this.words.trim();
    return html`<h1 tabindex="-1">
        ${words ? t("search.title", { words }) : t("search.titleEmpty")}
      </h1>
      <div role="status" class="lasuite-search-status">${this.renderStatus()}</div>
      ${this.renderFailed()} ${this.renderResults()}`;
  }

  private renderStatus() {
    switch (this.status) {
      case "idle":
        return html`<p>${t("search.prompt")}</p>`;
      case "loading":
        return html`<p>${t("search.loading")}</p>`;
      case "failed":
        return html`<div class="fr-alert fr-alert--error fr-alert--sm">
          <p>${t("search.failed")} — ${this.error}</p>
        </div>`;
      case "ready": {
        const count = this.answer?.results.length ?? 0;
        if (!count) return html`<p class="lasuite-search-empty">${t("search.none", { words: this.words.trim() })}</p>`;
        return html`<p>${count === 1 ? t("search.countOne") : t("search.countMany", { count })}</p>`;
      }
    }
  }

  private renderFailed() {
    const failed = this.answer?.failed ?? [];
    if (!failed.length) return nothing;
    const names = failed.map((f) => this.pluginName(f.plugin)).join(", ");
    return html`<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w lasuite-search-partial">
      <p>${t("search.partial", { plugins: names })}</p>
    </div>`;
  }

  private renderResults() {
    const results = this.answer?.results ?? [];
    if (!results.length) return nothing;
    const elements = new Map(
      (this.state.workspace.slots[SLOT] ?? []).map((ref) => [ref.plugin, ref] as const),
    );
    return html`<ul class="lasuite-search-results" aria-label=${t("search.results")}>
      ${results.map(
        (result) =>
          html`<li data-plugin=${result.plugin} data-kind=${result.kind}>
            <lasuite-search-hit
              .result=${result}
              .ref=${elements.get(result.plugin)}
              .pluginName=${this.pluginName(result.plugin)}
              .words=${this.words.trim()}
            ></lasuite-search-hit>
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-search-hit": LasuiteSearchHit;
    "lasuite-search-page": LasuiteSearchPage;
  }
}
