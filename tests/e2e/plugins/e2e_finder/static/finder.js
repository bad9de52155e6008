// A plugin's own rendering of its search results: the shell sets `result`.
import { LitElement, html } from "lit";

class FinderSearchResult extends LitElement {
  static properties = { result: { attribute: false } };

  createRenderRoot() {
    return this;
  }

  render() {
    if (!this.result) return html``;
    return html`<article class="finder-result">
      <a href=${this.result.url}>★ ${this.result.title}</a>
      <p>${this.result.excerpt}</p>
    </article>`;
  }
}

customElements.define("finder-search-result", FinderSearchResult);
