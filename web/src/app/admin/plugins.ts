// /admin/plugins: the installed plugins, each switched on or off for the
// organization at once; those with settings link to their settings form.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { session } from "../../shell/session";
import { AdminSection } from "./section";
import { type NamedPlugin, pluginDescription, pluginName } from "../plugin-names";

export interface OrgPlugin extends NamedPlugin {
  version: string;
  enabled: boolean;
  depends: Record<string, string>;
  has_settings: boolean;
}

export const PLUGINS_URL = "/api/v1/orgs/current/plugins";

@customElement("lasuite-admin-plugins")
export class LasuiteAdminPlugins extends AdminSection {
  @state() private plugins: OrgPlugin[] = [];

  protected async load(): Promise<void> {
    this.plugins = await api.get<OrgPlugin[]>(PLUGINS_URL);
  }

  private shown(id: string, enabled: boolean): void {
    this.plugins = this.plugins.map((p) => (p.id === id ? { ...p, enabled } : p));
  }

  private async switch(plugin: OrgPlugin, box: HTMLInputElement): Promise<void> {
    const enabled = box.checked;
    const done = enabled
      ? t("admin.plugins.enabled", { name: pluginName(plugin) })
      : t("admin.plugins.disabled", { name: pluginName(plugin) });
    this.shown(plugin.id, enabled);
    const switched = await this.act(
      () => api.put(`${PLUGINS_URL}/${plugin.id}`, { enabled }),
      done,
    );
    if (!switched) {
      this.shown(plugin.id, !enabled); // the API refused (a dependency): back as it was
      return;
    }
    // The workspace's navigation and pages follow at once.
    await session.load();
    box.focus();
  }

  protected override render() {
    return html`${this.renderMessages()}
      ${this.loaded
        ? html`<ul class="lasuite-plugins" aria-label=${t("admin.plugins.list")}>
            ${this.plugins.map((p) => this.renderPlugin(p))}
          </ul>`
        : nothing}`;
  }

  private renderPlugin(plugin: OrgPlugin) {
    const id = `lasuite-plugin-${plugin.id}`;
    const depends = Object.keys(plugin.depends);
    return html`<li class="lasuite-box fr-mb-2w fr-p-3w" data-plugin=${plugin.id}>
      <h2 class="fr-h6 fr-mb-1w">${pluginName(plugin)}</h2>
      <p class="fr-mb-1w">${pluginDescription(plugin)}</p>
      <p class="fr-text--xs fr-mb-2w lasuite-plugin__detail">
        ${t("admin.plugins.version", { version: plugin.version })}
        ${depends.length
          ? html` — ${t("admin.plugins.depends", { plugins: depends.join(", ") })}`
          : nothing}
      </p>
      <div class="fr-toggle">
        <input
          type="checkbox"
          class="fr-toggle__input"
          id=${id}
          .checked=${live(plugin.enabled)}
          @change=${(e: Event) => void this.switch(plugin, e.target as HTMLInputElement)}
        />
        <label
          class="fr-toggle__label"
          for=${id}
          data-fr-checked-label=${t("admin.plugins.on")}
          data-fr-unchecked-label=${t("admin.plugins.off")}
          >${t("admin.plugins.enable", { name: pluginName(plugin) })}</label
        >
      </div>
      ${plugin.has_settings
        ? html`<a
            class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-settings-5-line fr-btn--icon-left fr-mt-2w"
            href="/admin/plugins/${plugin.id}"
            >${t("admin.plugins.settings")}<span class="fr-sr-only"> ${pluginName(plugin)}</span></a
          >`
        : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-plugins": LasuiteAdminPlugins;
  }
}
