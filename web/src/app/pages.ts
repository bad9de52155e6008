// The signed-in pages: home (with the `home.widget` fragments), a plugin's page
// (its `app` fragment), the profile ("my account"), and "not found".
import { html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { t } from "../shell/i18n";
import type { SessionState, WorkspacePlugin } from "../shell/session";
import "./account/colour-form";
import "./account/language-form";
import "./account/name-form";
import "./account/notification-choices";
import "./account/password-form";
import "./account/sessions";
import "./account/tokens";
import "./fragment";
import { LightElement } from "./light-element";
import { pluginDescription, pluginName, pluginNames } from "./plugin-names";

function roleName(role: string): string {
  const name = t(`role.${role}`);
  return name.startsWith("role.") ? role : name;
}

@customElement("lasuite-home-page")
export class LasuiteHomePage extends LightElement {
  @property({ attribute: false }) state!: SessionState;

  protected override render() {
    const { me, workspace } = this.state;
    const organization = me.memberships.find((m) => m.organization_id === me.organization_id);
    const widgets = workspace.slots["home.widget"] ?? [];
    const names = pluginNames(this.state.workspace.plugins);
    return html`<h1 tabindex="-1">${t("home.title", { name: me.display_name })}</h1>
      <p class="fr-text--lead">${t("home.intro", { organization: organization?.name ?? "" })}</p>
      <section class="fr-mb-6w" aria-labelledby="lasuite-widgets-title">
        <h2 id="lasuite-widgets-title">${t("home.widgets")}</h2>
        ${widgets.length
          ? html`<div class="fr-grid-row fr-grid-row--gutters lasuite-widgets">
              ${widgets.map(
                (ref) =>
                  html`<div class="fr-col-12 fr-col-md-6 fr-col-lg-4" data-plugin=${ref.plugin}>
                    <lasuite-fragment
                      .ref=${ref}
                      .pluginName=${names.get(ref.plugin) ?? ref.plugin}
                    ></lasuite-fragment>
                  </div>`,
              )}
            </div>`
          : html`<p>${t("home.empty")}</p>`}
      </section>
      ${workspace.plugins.length
        ? html`<section aria-labelledby="lasuite-plugins-title">
            <h2 id="lasuite-plugins-title">${t("home.plugins")}</h2>
            <div class="fr-grid-row fr-grid-row--gutters">
              ${workspace.plugins.map((plugin) => this.renderTile(plugin))}
            </div>
          </section>`
        : nothing}`;
  }

  private renderTile(plugin: WorkspacePlugin) {
    return html`<div class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
      <div class="fr-tile fr-enlarge-link">
        <div class="fr-tile__body">
          <div class="fr-tile__content">
            <h3 class="fr-tile__title"><a href="/${plugin.id}">${pluginName(plugin)}</a></h3>
            ${plugin.description
              ? html`<p class="fr-tile__detail">${pluginDescription(plugin)}</p>`
              : nothing}
          </div>
        </div>
      </div>
    </div>`;
  }
}

@customElement("lasuite-plugin-page")
export class LasuitePluginPage extends LightElement {
  @property({ attribute: false }) state!: SessionState;
  @property() plugin = "";

  protected override render() {
    const { workspace } = this.state;
    const record = workspace.plugins.find((p) => p.id === this.plugin);
    const views = (workspace.slots["app"] ?? []).filter((ref) => ref.plugin === this.plugin);
    if (!record) return html`<lasuite-not-found-page></lasuite-not-found-page>`;
    if (!views.length) {
      return html`<h1 tabindex="-1">${pluginName(record)}</h1>
        <p>${pluginDescription(record)}</p>
        <p>${t("plugin.noPage")}</p>`;
    }
    return html`<h1 class="fr-sr-only" tabindex="-1">${pluginName(record)}</h1>
      ${views.map(
        (ref) =>
          html`<lasuite-fragment .ref=${ref} .pluginName=${pluginName(record)}></lasuite-fragment>`,
      )}`;
  }
}

@customElement("lasuite-profile-page")
export class LasuiteProfilePage extends LightElement {
  @property({ attribute: false }) state!: SessionState;

  protected override render() {
    const { me } = this.state;
    return html`<div class="lasuite-account">
      <h1 tabindex="-1">${t("profile.title")}</h1>
      <dl class="lasuite-facts">
        <dt>${t("profile.name")}</dt>
        <dd>${me.display_name}</dd>
        <dt>${t("profile.email")}</dt>
        <dd>${me.email}</dd>
        <dt>${t("profile.role")}</dt>
        <dd>${roleName(me.role)}</dd>
      </dl>
      <h2>${t("profile.organizations")}</h2>
      <ul class="fr-mb-6w">
        ${me.memberships.map((m) => html`<li>${m.name} — ${roleName(m.role)}</li>`)}
      </ul>
      <section class="fr-mb-6w" aria-labelledby="lasuite-account-name-title">
        <h2 id="lasuite-account-name-title">${t("account.name.title")}</h2>
        <lasuite-account-name .displayName=${me.display_name}></lasuite-account-name>
      </section>
      ${me.has_password
        ? html`<section class="fr-mb-6w" aria-labelledby="lasuite-account-password-title">
            <h2 id="lasuite-account-password-title">${t("account.password.title")}</h2>
            <lasuite-account-password></lasuite-account-password>
          </section>`
        : nothing}
      <section class="fr-mb-6w" aria-labelledby="lasuite-account-colour-title">
        <h2 id="lasuite-account-colour-title">${t("account.colour.title")}</h2>
        <lasuite-account-colour></lasuite-account-colour>
      </section>
      <section class="fr-mb-6w" aria-labelledby="lasuite-account-language-title">
        <h2 id="lasuite-account-language-title">${t("account.language.title")}</h2>
        <lasuite-account-language></lasuite-account-language>
      </section>
      <section class="fr-mb-6w" aria-labelledby="lasuite-account-notifications-title">
        <h2 id="lasuite-account-notifications-title">${t("account.notifications.title")}</h2>
        <lasuite-account-notifications></lasuite-account-notifications>
      </section>
      <section class="fr-mb-6w" aria-labelledby="lasuite-account-sessions-title">
        <h2 id="lasuite-account-sessions-title">${t("account.sessions.title")}</h2>
        <lasuite-account-sessions></lasuite-account-sessions>
      </section>
      ${me.permissions.includes("core.token.manage")
        ? html`<section aria-labelledby="lasuite-account-tokens-title">
            <h2 id="lasuite-account-tokens-title">${t("account.tokens.title")}</h2>
            <p>${t("account.tokens.intro")}</p>
            <lasuite-account-tokens .state=${this.state}></lasuite-account-tokens>
          </section>`
        : nothing}
    </div>`;
  }
}

@customElement("lasuite-not-found-page")
export class LasuiteNotFoundPage extends LightElement {
  protected override render() {
    return html`<h1 tabindex="-1">${t("notFound.title")}</h1>
      <p>${t("notFound.body")}</p>
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/">${t("notFound.back")}</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-home-page": LasuiteHomePage;
    "lasuite-plugin-page": LasuitePluginPage;
    "lasuite-profile-page": LasuiteProfilePage;
    "lasuite-not-found-page": LasuiteNotFoundPage;
  }
}
