// <lasuite-create-menu>: the header's "Créer" menu button, listing each enabled
// plugin's `create.menu` fragment. Each element renders its own menu item (a link
// or a button with role="menuitem") and does its own action; the shell gives the
// menu its keyboard behaviour (WAI-ARIA menu button) and closes it after a choice.
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { t } from "../shell/i18n";
import type { SessionState } from "../shell/session";
import { FRAGMENT_READY_EVENT } from "./fragment";
import { LightElement } from "./light-element";
import { pluginNames } from "./plugin-names";

const ITEMS = '[role="menuitem"], a[href], button';

@customElement("lasuite-create-menu")
export class LasuiteCreateMenu extends LightElement {
  @property({ attribute: false }) state: SessionState | null = null;

  @state() private open = false;

  @query("#lasuite-create-button") private button?: HTMLButtonElement;
  @query("#lasuite-create-menu") private menu?: HTMLElement;
  /** The item to focus once the fragments are in the menu, when it opened before. */
  private pendingFocus: "first" | "last" | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("click", this.closeOutside);
    this.addEventListener(FRAGMENT_READY_EVENT, this.focusPending);
  }

  override disconnectedCallback(): void {
    document.removeEventListener("click", this.closeOutside);
    this.removeEventListener(FRAGMENT_READY_EVENT, this.focusPending);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A workspace reloaded live may have lost the plugin whose item was focused.
    if (changed.has("state")) {
      this.open = false;
      this.pendingFocus = null;
    }
  }

  private readonly closeOutside = (event: Event): void => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  private items(): HTMLElement[] {
    return [...(this.menu?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
  }

  private async show(focus: "first" | "last"): Promise<void> {
    this.open = true;
    this.pendingFocus = focus;
    await this.updateComplete;
    this.focusPending();
  }

  private readonly focusPending = (): void => {
    const items = this.items();
    const item = this.pendingFocus === "first" ? items[0] : items[items.length - 1];
    if (!this.open || !this.pendingFocus || !item) return;
    this.pendingFocus = null;
    item.focus();
  };

  private close(returnFocus: boolean): void {
    this.open = false;
    this.pendingFocus = null;
    if (returnFocus) this.button?.focus();
  }

  private onButtonKeydown(event: KeyboardEvent): void {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      void this.show(event.key === "ArrowDown" ? "first" : "last");
    }
  }

  private onButtonClick(): void {
    if (this.open) this.close(false);
    else void this.show("first");
  }

  private onMenuKeydown(event: KeyboardEvent): void {
    const items = this.items();
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(items.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      this.close(true);
    } else if (event.key === "Tab") this.close(false);
    else if (event.key === " " && index >= 0 && items[index] instanceof HTMLAnchorElement) {
      // A link activates with Enter only; a menu item with Space too.
      event.preventDefault();
      items[index]?.click();
    }
  }

  protected override render() {
    const refs = this.state?.workspace.slots["create.menu"] ?? [];
    if (!refs.length) return nothing;
    const names = pluginNames(this.state?.workspace.plugins ?? []);
    return html`<div class="lasuite-tool lasuite-tool--button lasuite-create">
      <button
        type="button"
        class="fr-btn fr-btn--sm fr-btn--icon-left fr-icon-add-line"
        id="lasuite-create-button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? "true" : "false"}
        aria-controls="lasuite-create-menu"
        @click=${this.onButtonClick}
        @keydown=${this.onButtonKeydown}
      >
        ${t("create.button")}
      </button>
      <div class="lasuite-menu lasuite-create__menu" ?hidden=${!this.open}>
        <ul
          class="lasuite-menu__list"
          id="lasuite-create-menu"
          role="menu"
          aria-labelledby="lasuite-create-button"
          @keydown=${this.onMenuKeydown}
          @click=${() => this.close(false)}
        >
          ${refs.map(
            (ref) =>
              html`<li role="none" data-plugin=${ref.plugin}>
                <lasuite-fragment
                  compact
                  .ref=${ref}
                  .pluginName=${names.get(ref.plugin) ?? ref.plugin}
                ></lasuite-fragment>
              </li>`,
          )}
        </ul>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-create-menu": LasuiteCreateMenu;
  }
}
