// /admin/teams: create, rename and delete teams, and choose who is in them.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { confirmAction } from "./confirm";
import { MEMBERS_URL, type Member } from "./members";
import { AdminSection } from "./section";

export interface Team {
  id: string;
  name: string;
  member_ids: string[];
}

export const TEAMS_URL = "/api/v1/orgs/current/teams";

@customElement("lasuite-admin-teams")
export class LasuiteAdminTeams extends AdminSection {
  @state() private teams: Team[] = [];
  @state() private members: Member[] = [];
  /** The team whose name is being edited. */
  @state() private renaming = "";

  protected async load(): Promise<void> {
    [this.teams, this.members] = await Promise.all([
      api.get<Team[]>(TEAMS_URL),
      api.get<Member[]>(MEMBERS_URL),
    ]);
  }

  private sorted(teams: Team[]): Team[] {
    return [...teams].sort((a, b) => a.name.localeCompare(b.name));
  }

  private replace(team: Team): void {
    this.teams = this.sorted(this.teams.map((other) => (other.id === team.id ? team : other)));
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const name = String(new FormData(form).get("name") ?? "").trim();
    const created = { id: "" };
    const ok = await this.act(async () => {
      const team = await api.post<Team>(TEAMS_URL, { name });
      this.teams = this.sorted([...this.teams, team]);
      created.id = team.id;
    }, t("admin.teams.created", { name }));
    if (ok) {
      form.reset();
      await this.focusAfterRender(`#lasuite-team-${created.id} h2`);
    }
  }

  private async rename(team: Team, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const name = String(new FormData(form).get("name") ?? "").trim();
    const renamed = await this.act(async () => {
      this.replace(await api.patch<Team>(`${TEAMS_URL}/${team.id}`, { name }));
      this.renaming = "";
    }, t("admin.teams.renamed", { name }));
    if (renamed) await this.focusAfterRender(`#lasuite-team-${team.id} h2`);
  }

  private async startRenaming(team: Team): Promise<void> {
    this.renaming = team.id;
    await this.focusAfterRender(`#lasuite-team-name-${team.id}`);
  }

  private async deleteTeam(team: Team): Promise<void> {
    const confirmed = await confirmAction({
      title: t("admin.teams.deleteTitle", { name: team.name }),
      body: t("admin.teams.deleteBody"),
      confirm: t("admin.teams.delete"),
    });
    if (!confirmed) return;
    const deleted = await this.act(async () => {
      await api.delete(`${TEAMS_URL}/${team.id}`);
      this.teams = this.teams.filter((other) => other.id !== team.id);
    }, t("admin.teams.deleted", { name: team.name }));
    if (deleted) await this.focusAfterRender("#lasuite-team-new-name");
  }

  private async addMember(team: Team, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const userId = String(new FormData(event.target as HTMLFormElement).get("user") ?? "");
    const member = this.members.find((m) => m.user_id === userId);
    if (!member) return;
    await this.act(async () => {
      await api.put(`${TEAMS_URL}/${team.id}/members/${userId}`);
      this.replace({ ...team, member_ids: [...team.member_ids, userId] });
    }, t("admin.teams.memberAdded", { name: member.display_name, team: team.name }));
  }

  private async removeMember(team: Team, userId: string): Promise<void> {
    const name = this.nameOf(userId);
    const removed = await this.act(async () => {
      await api.delete(`${TEAMS_URL}/${team.id}/members/${userId}`);
      this.replace({ ...team, member_ids: team.member_ids.filter((id) => id !== userId) });
    }, t("admin.teams.memberRemoved", { name, team: team.name }));
    if (removed) await this.focusAfterRender(`#lasuite-team-${team.id} h2`);
  }

  private nameOf(userId: string): string {
    return this.members.find((m) => m.user_id === userId)?.display_name ?? userId;
  }

  protected override render() {
    return html`${this.renderMessages()}
      <form class="fr-mb-4w" @submit=${this.create} novalidate>
        <div class="fr-input-group lasuite-inline-form">
          <label class="fr-label" for="lasuite-team-new-name">${t("admin.teams.newName")}</label>
          <input
            class="fr-input"
            id="lasuite-team-new-name"
            name="name"
            required
            maxlength="100"
            autocomplete="off"
          />
          <button class="fr-btn fr-icon-add-line fr-btn--icon-left" type="submit">
            ${t("admin.teams.create")}
          </button>
        </div>
      </form>
      ${this.loaded && !this.teams.length ? html`<p>${t("admin.teams.none")}</p>` : nothing}
      ${this.teams.map((team) => this.renderTeam(team))}`;
  }

  private renderTeam(team: Team) {
    const outside = this.members.filter((m) => !team.member_ids.includes(m.user_id));
    const titleId = `lasuite-team-title-${team.id}`;
    return html`<section
      class="lasuite-box fr-p-3w fr-mb-3w"
      id="lasuite-team-${team.id}"
      aria-labelledby=${titleId}
    >
      <h2 class="fr-h5 fr-mb-2w" id=${titleId} tabindex="-1">${team.name}</h2>
      ${this.renaming === team.id ? this.renderRename(team) : nothing}
      <ul
        class="lasuite-team__members"
        aria-label=${t("admin.teams.membersOf", { name: team.name })}
      >
        ${team.member_ids.map(
          (id) =>
            html`<li>
              <span>${this.nameOf(id)}</span>
              <button
                type="button"
                class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-close-line fr-btn--icon-left"
                @click=${() => void this.removeMember(team, id)}
              >
                ${t("admin.teams.removeMember")}<span class="fr-sr-only">
                  ${t("admin.teams.memberOf", { name: this.nameOf(id), team: team.name })}</span
                >
              </button>
            </li>`,
        )}
      </ul>
      ${team.member_ids.length ? nothing : html`<p>${t("admin.teams.empty")}</p>`}
      ${outside.length
        ? html`<form
            class="lasuite-inline-form"
            @submit=${(e: SubmitEvent) => void this.addMember(team, e)}
          >
            <div class="fr-select-group">
              <label class="fr-label" for="lasuite-team-add-${team.id}"
                >${t("admin.teams.addTo", { team: team.name })}</label
              >
              <select class="fr-select" id="lasuite-team-add-${team.id}" name="user">
                ${outside.map((m) => html`<option value=${m.user_id}>${m.display_name}</option>`)}
              </select>
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit">${t("admin.teams.add")}</button>
          </form>`
        : nothing}
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-mt-3w">
        <li>
          <button
            type="button"
            class="fr-btn fr-btn--secondary fr-icon-edit-line fr-btn--icon-left"
            aria-expanded=${this.renaming === team.id ? "true" : "false"}
            @click=${() => void this.startRenaming(team)}
          >
            ${t("admin.teams.rename")}<span class="fr-sr-only"> ${team.name}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            class="fr-btn fr-btn--tertiary fr-icon-delete-line fr-btn--icon-left"
            @click=${() => void this.deleteTeam(team)}
          >
            ${t("admin.teams.delete")}<span class="fr-sr-only"> ${team.name}</span>
          </button>
        </li>
      </ul>
    </section>`;
  }

  private renderRename(team: Team) {
    return html`<form
      class="lasuite-inline-form fr-mb-2w"
      @submit=${(e: SubmitEvent) => void this.rename(team, e)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === "Escape") this.renaming = "";
      }}
      novalidate
    >
      <div class="fr-input-group">
        <label class="fr-label" for="lasuite-team-name-${team.id}"
          >${t("admin.teams.newNameOf", { name: team.name })}</label
        >
        <input
          class="fr-input"
          id="lasuite-team-name-${team.id}"
          name="name"
          required
          maxlength="100"
          .value=${team.name}
        />
      </div>
      <button class="fr-btn" type="submit">${t("admin.teams.save")}</button>
      <button class="fr-btn fr-btn--tertiary" type="button" @click=${() => (this.renaming = "")}>
        ${t("admin.dialog.cancel")}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-teams": LasuiteAdminTeams;
  }
}
