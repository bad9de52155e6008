// <lasuite-header>: a compact DSFR header — the Marianne block and the service name,
// "create", search, the live status, the bell and the user menu (which holds the
// organization switcher, the language and the theme) — and the navigation built from
// the workspace's `nav` slot. Below 62em the tools and the navigation fold behind a
// menu button. Signed out, the language and the theme stay in the header.
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { t, type Locale } from "../shell/i18n";
import { currentPath } from "../shell/router";
import { session, type SessionState } from "../shell/session";
import { theme, toggleTheme } from "../shell/theme";
import { adminSections } from "./admin/section";
import { badge } from "./colours";
import { languageOptions } from "./language-options";
import { FRAGMENT_READY_EVENT } from "./fragment";
import "./connection-status";
import "./create-menu";
import "./fragment";
import { LightElement } from "./light-element";
import "./search-box";
import "./notifications-panel";
import { pluginNames } from "./plugin-names";

/** Asks the app to act in another organization; `detail` is its slug. */
export const SWITCH_ORGANIZATION_EVENT = "lasuite-switch-organization";
/** Asks the app to sign out. */
export const SIGN_OUT_EVENT = "lasuite-sign-out";

@customElement("lasuite-header")
export class LasuiteHeader extends LightElement {
  @property({ attribute: false }) state: SessionState | null = null;
  /** The page shown, to mark the current navigation link. */
  @property() path = currentPath();

  @state() private menuOpen = false;
  /** Small screens: the tools and the navigation are unfolded. */
  @state() private unfolded = false;
  @state() private dark = theme() === "dark";

  @query("#lasuite-user-menu-button") private menuButton?: HTMLButtonElement;
  @query("#lasuite-navigation") private nav?: HTMLElement;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("click", this.closeMenuOutside);
    this.addEventListener(FRAGMENT_READY_EVENT, this.markCurrentLinks);
  }

  override disconnectedCallback(): void {
    document.removeEventListener("click", this.closeMenuOutside);
    this.removeEventListener(FRAGMENT_READY_EVENT, this.markCurrentLinks);
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("path") || changed.has("state")) {
      // A workspace reloaded live (a plugin switched elsewhere) leaves the menu open.
      if (changed.has("path") || !this.state) this.menuOpen = this.unfolded = false;
      this.markCurrentLinks();
    }
  }

  /** `aria-current="page"` on the navigation links (the plugins' too) to this page. */
  private readonly markCurrentLinks = (): void => {
    const section = (path: string) => path.split("/")[1] ?? "";
    for (const link of this.nav?.querySelectorAll<HTMLAnchorElement>("a[href]") ?? []) {
      const target = new URL(link.href, window.location.href).pathname;
      const current = target === "/" ? this.path === "/" : section(target) === section(this.path);
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  };

  private readonly closeMenuOutside = (event: Event): void => {
    const menu = this.querySelector(".lasuite-user");
    if (this.menuOpen && (!menu || !event.composedPath().includes(menu))) this.menuOpen = false;
  };

  private onMenuKeydown(event: KeyboardEvent): void {
    if (event.key === "Escape" && this.menuOpen) {
      this.menuOpen = false;
      this.menuButton?.focus();
    }
  }

  private toggleTheme(): void {
    this.dark = toggleTheme() === "dark";
  }

  private switchOrganization(event: Event): void {
    const slug = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent(SWITCH_ORGANIZATION_EVENT, { detail: slug, bubbles: true }));
  }

  private signOut(): void {
    this.menuOpen = false;
    this.dispatchEvent(new CustomEvent(SIGN_OUT_EVENT, { bubbles: true }));
  }

  protected override render() {
    const signedIn = this.state !== null;
    return html`<header
      role="banner"
      class="fr-header lasuite-header ${signedIn ? "lasuite-header--workspace" : ""} ${this.unfolded
        ? "lasuite-header--unfolded"
        : ""}"
    >
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">${t("brand.line1")}<br />${t("brand.line2")}</p>
                </div>
              </div>
              <div class="fr-header__service">
                <a href="/" title=${t("app.homeLink")}>
                  <p class="fr-header__service-title">${t("app.name")}</p>
                </a>
                <p class="fr-header__service-tagline">${t("app.tagline")}</p>
              </div>
            </div>
            ${signedIn ? this.renderMenuButton() : nothing}
            <div class="fr-header__tools lasuite-tools" id="lasuite-tools" aria-label=${t("header.tools")} role="group">
              ${this.state
                ? html`<lasuite-create-menu .state=${this.state}></lasuite-create-menu>
                    <lasuite-search-box></lasuite-search-box>
                    <lasuite-connection-status></lasuite-connection-status>
                    <lasuite-notifications-panel .state=${this.state}></lasuite-notifications-panel>
                    ${this.renderUserMenu()}`
                : html`${this.renderLanguage()} ${this.renderTheme()}`}
            </div>
          </div>
        </div>
      </div>
      ${this.renderNavigation()}
    </header>`;
  }

  /** Below 62em: unfolds the tools and the navigation. */
  private renderMenuButton() {
    return html`<button
      type="button"
      class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-menu-fill fr-btn--icon-left lasuite-menu-button"
      id="lasuite-menu-button"
      aria-expanded=${this.unfolded ? "true" : "false"}
      aria-controls="lasuite-tools lasuite-header-menu"
      @click=${() => (this.unfolded = !this.unfolded)}
    >
      ${t("header.menu")}
    </button>`;
  }

  /** The organization acted in, named on the user button when there are several. */
  private currentOrganization(): string {
    const me = this.state?.me;
    return me?.memberships.find((m) => m.organization_id === me.organization_id)?.name ?? "";
  }

  private renderOrganizations() {
    const me = this.state?.me;
    if (!me) return nothing;
    const current = me.memberships.find((m) => m.organization_id === me.organization_id);
    if (me.memberships.length < 2) {
      return html`<div class="lasuite-tool">
        <span class="fr-label">${t("header.organization")}</span>
        <span class="lasuite-tool__value" id="lasuite-organization">${this.currentOrganization()}</span>
      </div>`;
    }
    return html`<div class="lasuite-tool">
      <label class="fr-label" for="lasuite-organization">${t("header.organization")}</label>
      <select
        class="fr-select fr-select--sm"
        id="lasuite-organization"
        .value=${live(current?.slug ?? "")}
        @change=${this.switchOrganization}
      >
        ${me.memberships.map(
          (m) =>
            html`<option value=${m.slug} ?selected=${m.organization_id === me.organization_id}>
              ${m.name}
            </option>`,
        )}
      </select>
    </div>`;
  }

  private renderLanguage() {
    return html`<div class="lasuite-tool">
      <label class="fr-label" for="lasuite-language">${t("header.language")}</label>
      <select
        class="fr-select fr-select--sm"
        id="lasuite-language"
        @change=${(e: Event) => chooseLocale((e.target as HTMLSelectElement).value as Locale)}
      >
        ${languageOptions()}
      </select>
    </div>`;
  }

  private renderTheme() {
    return html`<div class="lasuite-tool lasuite-tool--button">
      <button
        type="button"
        class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-btn--icon-left ${this.dark
          ? "fr-icon-moon-fill"
          : "fr-icon-moon-line"}"
        id="lasuite-theme"
        aria-pressed=${this.dark ? "true" : "false"}
        @click=${this.toggleTheme}
      >
        ${t("header.themeDark")}
      </button>
    </div>`;
  }

  private renderUserMenu() {
    const me = this.state?.me;
    if (!me) return nothing;
    return html`<div class="lasuite-tool lasuite-tool--button lasuite-user" @keydown=${this.onMenuKeydown}>
      <button
        type="button"
        class="fr-btn fr-btn--tertiary fr-btn--sm"
        id="lasuite-user-menu-button"
        aria-expanded=${this.menuOpen ? "true" : "false"}
        aria-controls="lasuite-user-menu"
        title=${t("header.account")}
        @click=${() => (this.menuOpen = !this.menuOpen)}
      >
        ${badge(me.display_name, me.colour)}${me.display_name}
        ${me.memberships.length > 1
          ? html`<span class="lasuite-user__organization">${this.currentOrganization()}</span>`
          : nothing}
      </button>
      <div class="lasuite-menu" id="lasuite-user-menu" ?hidden=${!this.menuOpen}>
        <p class="lasuite-menu__who">${me.email}</p>
        <div class="lasuite-menu__settings">
          ${this.renderOrganizations()} ${this.renderLanguage()} ${this.renderTheme()}
        </div>
        <ul class="lasuite-menu__list">
          <li>
            <a class="lasuite-menu__item fr-icon-user-line fr-link--icon-left" href="/profile"
              >${t("user.profile")}</a
            >
          </li>
          ${adminSections(me).length
            ? html`<li>
                <a
                  class="lasuite-menu__item fr-icon-settings-5-line fr-link--icon-left"
                  href="/admin"
                  >${t("admin.title")}</a
                >
              </li>`
            : nothing}
          <li>
            <button
              type="button"
              class="lasuite-menu__item fr-icon-logout-box-r-line fr-link--icon-left"
              id="lasuite-sign-out"
              @click=${this.signOut}
            >
              ${t("user.logout")}
            </button>
          </li>
        </ul>
      </div>
    </div>`;
  }

  private renderNavigation() {
    if (!this.state) return nothing;
    const { workspace } = this.state;
    const names = pluginNames(workspace.plugins);
    return html`<div class="fr-header__menu lasuite-header-menu" id="lasuite-header-menu">
      <div class="fr-container">
        <nav class="fr-nav" id="lasuite-navigation" aria-label=${t("nav.label")}>
          <ul class="fr-nav__list">
            <li class="fr-nav__item">
              <a class="fr-nav__link" href="/">${t("nav.home")}</a>
            </li>
            ${(workspace.slots["nav"] ?? []).map(
              (ref) =>
                html`<li class="fr-nav__item" data-plugin=${ref.plugin}>
                  <lasuite-fragment
                    compact
                    .ref=${ref}
                    .pluginName=${names.get(ref.plugin) ?? ref.plugin}
                  ></lasuite-fragment>
                </li>`,
            )}
          </ul>
        </nav>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-header": LasuiteHeader;
  }
}

/** The header's language choice: this device at once, the account's when signed in (a
 * failure to keep it there leaves this device's choice, which is what the person sees). */
function chooseLocale(next: Locale): void {
  session.chooseLocale(next).catch(() => undefined);
}
