// /admin/…: the administration of the current organization, for those whose role
// holds the admin permissions (owners and admins by default): a side menu of the
// pages they may open, and the page. Anyone else, or anyone the API refuses
// (403), sees a refusal; the API checks every request whatever the shell shows.
import "../../styles/admin.css";
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { t } from "../../shell/i18n";
import { navigate } from "../../shell/router";
import type { SessionState } from "../../shell/session";
import { LightElement } from "../light-element";
import "./audit";
import "./invitations";
import "./members";
import "./organization";
import "./plugin-settings";
import "./plugins";
import "./roles";
import { ADMIN_REFUSED_EVENT, ADMIN_SECTIONS, adminSections, type AdminSectionId } from "./section";
import "./teams";

/** Whether two paths differ (the app gives a new array on every render). */
function samePath(next: string[], last?: string[]): boolean {
  return next.join("/") !== last?.join("/");
}

@customElement("lasuite-admin-page")
export class LasuiteAdminPage extends LightElement {
  @property({ attribute: false }) state!: SessionState;
  /** The path under /admin, e.g. ["plugins", "hello"]. */
  @property({ attribute: false, hasChanged: samePath })
  parts: string[] = [];

  @state() private refused = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener(ADMIN_REFUSED_EVENT, this.onRefused);
  }

  override disconnectedCallback(): void {
    this.removeEventListener(ADMIN_REFUSED_EVENT, this.onRefused);
    super.disconnectedCallback();
  }

  private readonly onRefused = (): void => {
    this.refused = true;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("parts") || changed.has("state")) this.refused = false;
  }

  protected override updated(): void {
    const allowed = adminSections(this.state.me);
    // /admin opens the first page the user may see.
    if (!this.parts.length && allowed.length) navigate(`/admin/${allowed[0]}`, { replace: true });
  }

  protected override render() {
    const allowed = adminSections(this.state.me);
    if (!allowed.length || this.refused) return this.renderRefusal();
    if (!this.parts.length) return html`<h1 tabindex="-1">${t("admin.title")}</h1>`;
    const [first = "", detail, ...more] = this.parts;
    if (!ADMIN_SECTIONS.some((s) => s.id === first)) {
      return html`<lasuite-not-found-page></lasuite-not-found-page>`;
    }
    const section = allowed.find((id) => id === first);
    if (!section) return this.renderRefusal();
    // Only a plugin's settings live one level down: /admin/plugins/<id>.
    if (more.length || (detail !== undefined && section !== "plugins")) {
      return html`<lasuite-not-found-page></lasuite-not-found-page>`;
    }
    return html`<div class="fr-grid-row fr-grid-row--gutters lasuite-admin">
      <div class="fr-col-12 fr-col-md-3">${this.renderMenu(allowed, section)}</div>
      <div class="fr-col-12 fr-col-md-9">
        <h1 tabindex="-1">${t(`admin.section.${section}`)}</h1>
        ${this.renderSection(section, detail)}
      </div>
    </div>`;
  }

  private renderMenu(allowed: AdminSectionId[], current: AdminSectionId) {
    return html`<nav class="fr-sidemenu" aria-labelledby="lasuite-admin-menu-title">
      <div class="fr-sidemenu__inner">
        <p class="fr-sidemenu__title" id="lasuite-admin-menu-title">${t("admin.title")}</p>
        <ul class="fr-sidemenu__list">
          ${allowed.map(
            (id) =>
              html`<li
                class="fr-sidemenu__item ${id === current ? "fr-sidemenu__item--active" : ""}"
              >
                <a
                  class="fr-sidemenu__link"
                  href="/admin/${id}"
                  aria-current=${id === current ? "page" : nothing}
                  >${t(`admin.section.${id}`)}</a
                >
              </li>`,
          )}
        </ul>
      </div>
    </nav>`;
  }

  private renderSection(section: AdminSectionId, detail: string | undefined) {
    switch (section) {
      case "members":
        return html`<lasuite-admin-members .state=${this.state}></lasuite-admin-members>`;
      case "invitations":
        return html`<lasuite-admin-invitations .state=${this.state}></lasuite-admin-invitations>`;
      case "teams":
        return html`<lasuite-admin-teams .state=${this.state}></lasuite-admin-teams>`;
      case "roles":
        return html`<lasuite-admin-roles .state=${this.state}></lasuite-admin-roles>`;
      case "plugins":
        return detail
          ? keyed(
              detail,
              html`<lasuite-admin-plugin-settings
                .state=${this.state}
                .plugin=${detail}
              ></lasuite-admin-plugin-settings>`,
            )
          : html`<lasuite-admin-plugins .state=${this.state}></lasuite-admin-plugins>`;
      case "audit":
        return html`<lasuite-admin-audit .state=${this.state}></lasuite-admin-audit>`;
      case "organization":
        return html`<lasuite-admin-organization .state=${this.state}></lasuite-admin-organization>`;
    }
  }

  private renderRefusal() {
    return html`<h1 tabindex="-1">${t("admin.refused.title")}</h1>
      <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
        <p>${t("admin.refused.body")}</p>
      </div>
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/">${t("notFound.back")}</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-page": LasuiteAdminPage;
  }
}
