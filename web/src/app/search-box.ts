// <lasuite-search-box>: the header's search field. Enter opens the results page
// (/search?q=…); while typing, a few suggestions appear in a list (an ARIA
// combobox: arrows move through them, Enter opens one, Escape closes it).
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { t } from "../shell/i18n";
import { navigate, ROUTE_EVENT } from "../shell/router";
import { LightElement } from "./light-element";
import { kindName, MAX_QUERY, searchedWords, searchWorkspace, type SearchResult } from "./search";
import "../styles/search.css";

const SUGGESTIONS = 5;
/** Suggestions are asked once typing pauses this long (ms). */
const PAUSE = 250;
const MIN_WORDS = 2;
const LISTBOX = "lasuite-search-suggestions";

@customElement("lasuite-search-box")
export class LasuiteSearchBox extends LightElement {
  @state() private text = searchedWords();
  @state() private suggestions: SearchResult[] = [];
  @state() private open = false;
  @state() private active = -1;

  private timer?: number;
  private asking?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("popstate", this.follow);
    window.addEventListener(ROUTE_EVENT, this.follow);
  }

  override disconnectedCallback(): void {
    window.removeEventListener("popstate", this.follow);
    window.removeEventListener(ROUTE_EVENT, this.follow);
    this.close();
    super.disconnectedCallback();
  }

  /** Show the words of the results page being shown (after back/forward too). */
  private readonly follow = (): void => {
    this.text = searchedWords();
    this.close();
  };

  private close(): void {
    window.clearTimeout(this.timer);
    this.asking?.abort();
    this.open = false;
    this.active = -1;
  }

  private onInput(event: Event): void {
    this.text = (event.target as HTMLInputElement).value;
    this.close();
    if (this.text.trim().length >= MIN_WORDS) {
      this.timer = window.setTimeout(() => void this.suggest(this.text), PAUSE);
    }
  }

  private async suggest(words: string): Promise<void> {
    const asking = (this.asking = new AbortController());
    try {
      const answer = await searchWorkspace(words, SUGGESTIONS, asking.signal);
      if (asking.signal.aborted || words !== this.text) return;
      this.suggestions = answer.results;
      this.active = -1;
      this.open = answer.results.length > 0;
    } catch {
      // Suggestions are a shortcut: Enter still opens the results page.
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    const count = this.suggestions.length;
    if (event.key === "Escape" && this.open) {
      event.preventDefault();
      this.close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && this.open && count) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + count + 1) % (count + 1);
      if (this.active === count) this.active = -1; // back in the field
    } else if (event.key === "Enter" && this.open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.suggestions[this.active]);
    }
  }

  private choose(result: SearchResult | undefined): void {
    if (!result) return;
    this.close();
    navigate(result.url);
  }

  private onFocusOut(event: FocusEvent): void {
    if (!this.contains(event.relatedTarget as Node | null)) this.close();
  }

  private submit(event: Event): void {
    event.preventDefault();
    const words = this.text.trim();
    if (!words) return;
    this.close();
    navigate(`/search?q=${encodeURIComponent(words)}`);
  }

  protected override render() {
    const shown = this.open && this.suggestions.length > 0;
    return html`<form
      class="lasuite-search"
      role="search"
      @submit=${this.submit}
      @focusout=${this.onFocusOut}
    >
      <div class="lasuite-search__field">
        <div class="fr-search-bar lasuite-search__bar">
          <label class="fr-label" for="lasuite-search-input">${t("search.label")}</label>
          <input
            class="fr-input"
            id="lasuite-search-input"
            type="search"
            name="q"
            role="combobox"
            autocomplete="off"
            aria-autocomplete="list"
            aria-controls=${LISTBOX}
            aria-expanded=${shown ? "true" : "false"}
            aria-activedescendant=${shown && this.active >= 0 ? `${LISTBOX}-${this.active}` : nothing}
            maxlength=${MAX_QUERY}
            required
            placeholder=${t("search.placeholder")}
            .value=${live(this.text)}
            @input=${this.onInput}
            @keydown=${this.onKeydown}
          />
          <button class="fr-btn" type="submit" title=${t("search.submit")}>
            ${t("search.submit")}
          </button>
        </div>
        <ul
          class="lasuite-search__suggestions"
          id=${LISTBOX}
          role="listbox"
          aria-label=${t("search.suggestions")}
          ?hidden=${!shown}
        >
          ${shown
            ? this.suggestions.map(
                (result, index) =>
                  html`<li
                    id="${LISTBOX}-${index}"
                    role="option"
                    class="lasuite-search__suggestion"
                    aria-selected=${index === this.active ? "true" : "false"}
                    @mousedown=${(e: Event) => e.preventDefault()}
                    @click=${() => this.choose(result)}
                  >
                    <span class="lasuite-search__suggestion-title">${result.title}</span>
                    <span class="lasuite-search__suggestion-kind">${kindName(result.kind)}</span>
                  </li>`,
              )
            : nothing}
        </ul>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-search-box": LasuiteSearchBox;
  }
}
