// /admin/members: the organization's members, their roles, removing them.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { session } from "../../shell/session";
import { confirmAction } from "./confirm";
import "./new-accounts";
import { AdminSection, assignableRoles, formatDate, roleName } from "./section";

export interface Member {
  user_id: string;
  email: string;
  display_name: string;
  role: string;
  joined_at: string;
}

export const MEMBERS_URL = "/api/v1/orgs/current/members";

@customElement("lasuite-admin-members")
export class LasuiteAdminMembers extends AdminSection {
  @state() private members: Member[] = [];

  protected async load(): Promise<void> {
    this.members = await api.get<Member[]>(MEMBERS_URL);
  }

  private shown(member: Member): void {
    this.members = this.members.map((m) => (m.user_id === member.user_id ? member : m));
  }

  private async changeRole(member: Member, select: HTMLSelectElement): Promise<void> {
    const role = select.value;
    const done = t("admin.members.roleChanged", { name: member.display_name, role: roleName(role) });
    this.shown({ ...member, role });
    const changed = await this.act(async () => {
      this.shown(await api.patch<Member>(`${MEMBERS_URL}/${member.user_id}`, { role }));
    }, done);
    if (!changed) {
      this.shown(member); // the API kept the role it had
      select.value = member.role;
      return;
    }
    if (member.user_id === this.state.me.id) await session.load();
  }

  private async removeMember(member: Member): Promise<void> {
    const confirmed = await confirmAction({
      title: t("admin.members.removeTitle", { name: member.display_name }),
      body: t("admin.members.removeBody", { name: member.display_name, email: member.email }),
      confirm: t("admin.members.remove"),
    });
    if (!confirmed) return;
    const removed = await this.act(async () => {
      await api.delete(`${MEMBERS_URL}/${member.user_id}`);
      this.members = this.members.filter((m) => m.user_id !== member.user_id);
    }, t("admin.members.removed", { name: member.display_name }));
    // The row and its button are gone: the focus goes to the table.
    if (removed) await this.focusAfterRender("#lasuite-members-table caption");
  }

  protected override render() {
    const roles = assignableRoles(this.state.me);
    return html`${this.renderMessages()}
      ${this.loaded
        ? html`<div class="fr-table fr-table--no-caption-top" id="lasuite-members-table">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption tabindex="-1">
                      ${t("admin.members.caption", { count: this.members.length })}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">${t("admin.members.name")}</th>
                        <th scope="col">${t("admin.members.email")}</th>
                        <th scope="col">${t("admin.members.role")}</th>
                        <th scope="col">${t("admin.members.joined")}</th>
                        <th scope="col"><span class="fr-sr-only">${t("admin.actions")}</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      ${this.members.map((m) => this.renderRow(m, roles))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>`
        : nothing}
      <lasuite-admin-new-accounts
        .state=${this.state}
        @lasuite-members-added=${() => void this.reload()}
      ></lasuite-admin-new-accounts>`;
  }

  private renderRow(member: Member, roles: string[]) {
    const id = `lasuite-role-${member.user_id}`;
    // Only owners change an owner; the others see the role without a choice.
    const editable = roles.includes(member.role);
    return html`<tr data-user=${member.user_id}>
      <th scope="row">${member.display_name}</th>
      <td>${member.email}</td>
      <td>
        ${editable
          ? html`<label class="fr-sr-only" for=${id}
                >${t("admin.members.roleOf", { name: member.display_name })}</label
              >
              <select
                class="fr-select"
                id=${id}
                .value=${live(member.role)}
                @change=${(e: Event) => void this.changeRole(member, e.target as HTMLSelectElement)}
              >
                ${roles.map(
                  (role) =>
                    html`<option value=${role} ?selected=${role === member.role}>
                      ${roleName(role)}
                    </option>`,
                )}
              </select>`
          : roleName(member.role)}
      </td>
      <td>${formatDate(member.joined_at)}</td>
      <td>
        ${editable
          ? html`<button
              type="button"
              class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-line fr-btn--icon-left"
              @click=${() => void this.removeMember(member)}
            >
              ${t("admin.members.remove")}<span class="fr-sr-only">
                ${member.display_name}</span
              >
            </button>`
          : nothing}
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-members": LasuiteAdminMembers;
  }
}
