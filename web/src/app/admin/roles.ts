// /admin/roles: what each role may do, as a matrix of permissions (grouped by the
// plugin declaring them) × roles; each box saves at once through the API.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { api } from "../../shell/api";
import { locale, t } from "../../shell/i18n";
import { session } from "../../shell/session";
import { AdminSection, roleName, ROLES } from "./section";
import { type NamedPlugin, pluginName, pluginNames } from "../plugin-names";

interface Permission {
  name: string;
  /** In English. */
  description: string;
  /** By language code, English included. */
  descriptions: Record<string, string>;
  default_roles: string[];
}

/** The permission's description in the reader's language (English when it has none). */
function described(permission: Permission): string {
  return permission.descriptions[locale()] ?? permission.description;
}

interface RoleGrants {
  role: string;
  permissions: string[];
  /** Permissions the role always keeps (shown locked). */
  protected: string[];
}

interface Group {
  id: string;
  permissions: Permission[];
}

const URL_BASE = "/api/v1/orgs/current";

/** Permissions by the plugin that declares them (the first part of their name), core first. */
function groups(permissions: Permission[]): Group[] {
  const byPlugin = new Map<string, Permission[]>();
  for (const permission of permissions) {
    const plugin = permission.name.split(".")[0] ?? "";
    byPlugin.set(plugin, [...(byPlugin.get(plugin) ?? []), permission]);
  }
  return [...byPlugin]
    .map(([id, list]) => ({ id, permissions: list }))
    .sort((a, b) => (a.id === "core" ? -1 : b.id === "core" ? 1 : a.id.localeCompare(b.id)));
}

@customElement("lasuite-admin-roles")
export class LasuiteAdminRoles extends AdminSection {
  @state() private permissions: Permission[] = [];
  @state() private roles = new Map<string, RoleGrants>();
  @state() private pluginNames = new Map<string, string>();

  protected async load(): Promise<void> {
    const [permissions, roles] = await Promise.all([
      api.get<Permission[]>(`${URL_BASE}/permissions`),
      api.get<RoleGrants[]>(`${URL_BASE}/roles`),
    ]);
    this.permissions = permissions;
    this.roles = new Map(roles.map((r) => [r.role, r]));
    this.pluginNames = await this.loadPluginNames();
  }

  /** Names of every installed plugin when the user may list them, else of the enabled ones. */
  private async loadPluginNames(): Promise<Map<string, string>> {
    const names = pluginNames(this.state.workspace.plugins);
    if (this.state.me.permissions.includes("core.plugins.manage")) {
      const installed = await api.get<NamedPlugin[]>(`${URL_BASE}/plugins`);
      for (const plugin of installed) names.set(plugin.id, pluginName(plugin));
    }
    return names;
  }

  /** The role's grants with `permission` set to `granted`, shown while the API saves it. */
  private withGrant(role: string, permission: string, granted: boolean): void {
    const grants = this.roles.get(role);
    if (!grants) return;
    const others = grants.permissions.filter((p) => p !== permission);
    const permissions = granted ? [...others, permission] : others;
    this.roles = new Map(this.roles).set(role, { ...grants, permissions });
  }

  private async toggle(role: string, permission: Permission, box: HTMLInputElement): Promise<void> {
    const granted = box.checked;
    const names = { permission: described(permission), role: roleName(role) };
    const done = granted ? t("admin.roles.granted", names) : t("admin.roles.withdrawn", names);
    this.withGrant(role, permission.name, granted);
    const saved = await this.act(async () => {
      const answer = await api.put<RoleGrants>(
        `${URL_BASE}/roles/${role}/permissions/${permission.name}`,
        { granted },
      );
      this.roles = new Map(this.roles).set(role, answer);
    }, done);
    if (!saved) this.withGrant(role, permission.name, !granted);
    // What the user may do here may have changed with their own role's grants.
    else if (role === this.state.me.role) await session.load();
  }

  protected override render() {
    return html`${this.renderMessages()}
      <p>${t("admin.roles.intro")}</p>
      <p class="fr-hint-text" id="lasuite-grants-locked">${t("admin.roles.locked")}</p>
      <p class="fr-hint-text" id="lasuite-grants-not-held">${t("admin.roles.notHeld")}</p>
      ${this.loaded ? groups(this.permissions).map((g) => this.renderGroup(g)) : nothing}`;
  }

  private groupName(id: string): string {
    return id === "core" ? t("admin.roles.core") : (this.pluginNames.get(id) ?? id);
  }

  private renderGroup(group: Group) {
    const name = this.groupName(group.id);
    return html`<div class="fr-table fr-table--bordered lasuite-grants" data-plugin=${group.id}>
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table>
              <caption>
                ${name}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t("admin.roles.permission")}</th>
                  ${ROLES.map((role) => html`<th scope="col">${roleName(role)}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${group.permissions.map((p) => this.renderRow(p))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>`;
  }

  private renderRow(permission: Permission) {
    return html`<tr>
      <th scope="row">
        ${described(permission)}
        <span class="fr-hint-text"><code>${permission.name}</code></span>
      </th>
      ${ROLES.map((role) => {
        const grants = this.roles.get(role);
        const id = `lasuite-grant-${role}-${permission.name.replaceAll(".", "-")}`;
        const locked = grants?.protected.includes(permission.name) ?? false;
        const granted = grants?.permissions.includes(permission.name) ?? false;
        // A permission one does not hold cannot be granted (withdrawn, it can).
        const notHeld = !granted && !this.state.me.permissions.includes(permission.name);
        return html`<td>
          <div class="fr-checkbox-group fr-checkbox-group--sm">
            <input
              type="checkbox"
              id=${id}
              .checked=${live(granted)}
              ?disabled=${locked || notHeld}
              aria-describedby=${locked ? "lasuite-grants-locked" : notHeld ? "lasuite-grants-not-held" : nothing}
              @change=${(e: Event) => void this.toggle(role, permission, e.target as HTMLInputElement)}
            />
            <label class="fr-label" for=${id}>
              <span class="fr-sr-only"
                >${t("admin.roles.box", {
                  role: roleName(role),
                  permission: described(permission),
                })}</span
              >
            </label>
          </div>
        </td>`;
      })}
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-roles": LasuiteAdminRoles;
  }
}
