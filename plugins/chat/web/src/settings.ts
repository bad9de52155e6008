// <chat-settings>: a channel's settings, beside its messages in the place of its
// members. Its name and topic (owners and moderators change them), the teams a private
// channel is shared with, its members (anyone in it adds people of the organization;
// owners and moderators take people out, owners name moderators), the reports of its
// messages (owners and moderators resolve or dismiss them), its incoming webhooks
// (owners), and archiving it (owners) or leaving it (anyone in it).
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { navigate, t } from "@lasuite/shell";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import {
  chatApi,
  type Channel,
  type ChannelRole,
  type Member,
  type Report,
  type Team,
  type Webhook,
} from "./api";
import { CHANNELS_CHANGED_EVENT, ChatElement, errorAlert, may, myId, reachablePeople, reason } from "./base";

/** Fired (bubbling) when the reader closes the panel. */
export const CLOSE_SETTINGS_EVENT = "chat-close-settings";

type Person = { user_id: string; display_name: string };

export class ChatSettings extends ChatElement {
  @property({ attribute: false }) channel!: Channel;
  @property({ attribute: false }) members: Member[] = [];

  @state() private people: Person[] = [];
  @state() private teams: Team[] | null = null;
  @state() private hooks: Webhook[] | null = null;
  /** Open reports of the channel's messages, for its owners and moderators. */
  @state() private reports: Report[] | null = null;
  /** The URL of the webhook just made: shown once, as the API gives it once. */
  @state() private newHook: Webhook | null = null;
  @state() private error = "";
  @state() private saved = "";
  @state() private busy = false;
  /** Leaving was asked once: the second click confirms. */
  @state() private confirmingLeave = false;

  private get myRole(): ChannelRole | null {
    return this.channel.role as ChannelRole | null;
  }

  private get manages(): boolean {
    return this.myRole === "owner" || this.myRole === "moderator";
  }

  private get named(): boolean {
    return this.channel.kind === "public" || this.channel.kind === "private";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get("channel") as Channel | undefined;
    if (changed.has("channel") && previous?.id !== this.channel.id) void this.load();
  }

  private async load(): Promise<void> {
    const channel = this.channel;
    this.newHook = null;
    this.confirmingLeave = false;
    this.error = this.saved = "";
    const owner = this.myRole === "owner" && this.named;
    const [people, teams, hooks, reports] = await Promise.allSettled([
      channel.role && this.named ? reachablePeople() : Promise.resolve([]),
      channel.kind === "private" && this.manages && may("core.teams.read") ? chatApi.teams() : Promise.resolve(null),
      owner ? chatApi.webhooks(channel.id) : Promise.resolve(null),
      this.manages ? chatApi.reports(channel.id) : Promise.resolve(null),
    ]);
    if (channel.id !== this.channel.id) return;
    this.people = people.status === "fulfilled" ? people.value : [];
    this.teams = teams.status === "fulfilled" ? teams.value : null;
    this.hooks = hooks.status === "fulfilled" ? hooks.value : null;
    this.reports = reports.status === "fulfilled" ? reports.value : null;
    const failed = [people, teams, hooks, reports].find((r) => r.status === "rejected");
    if (failed) this.error = reason((failed as PromiseRejectedResult).reason);
  }

  /** Run a change; its failure is shown, `done` (a sentence) announced on success. */
  private async change(work: () => Promise<unknown>, done = ""): Promise<boolean> {
    this.busy = true;
    this.error = this.saved = "";
    try {
      await work();
      this.saved = done;
      return true;
    } catch (error) {
      this.error = reason(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async saveAbout(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const name = String(form.get("name") ?? "").trim();
    const topic = String(form.get("topic") ?? "").trim();
    const change = name === this.channel.name ? { topic } : { name, topic };
    // The channel view hears `chat.channel.updated` and passes the new channel down.
    if (await this.change(() => chatApi.update(this.channel.id, change), t("chat.settings.saved"))) {
      this.dispatchEvent(new CustomEvent(CHANNELS_CHANGED_EVENT, { bubbles: true }));
    }
  }

  private async saveTeams(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const teamIds = new FormData(event.target as HTMLFormElement).getAll("team").map(String);
    await this.change(() => chatApi.update(this.channel.id, { team_ids: teamIds }), t("chat.settings.saved"));
  }

  private async addPerson(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const userId = String(new FormData(form).get("user") ?? "");
    if (!userId) return;
    const name = this.people.find((p) => p.user_id === userId)?.display_name ?? "";
    if (await this.change(() => chatApi.addMember(this.channel.id, userId), t("chat.settings.added", { name }))) {
      form.reset();
    }
  }

  private async setRole(member: Member, role: ChannelRole): Promise<void> {
    const name = member.display_name;
    await this.change(
      () => chatApi.setRole(this.channel.id, member.user_id, role),
      t(`chat.settings.roleSet.${role}`, { name }),
    );
  }

  private async removeMember(member: Member): Promise<void> {
    const name = member.display_name;
    await this.change(() => chatApi.removeMember(this.channel.id, member.user_id), t("chat.settings.removed", { name }));
  }

  private async archive(archived: boolean): Promise<void> {
    const done = archived ? t("chat.settings.archivedDone") : t("chat.settings.reopenedDone");
    if (await this.change(() => chatApi.archive(this.channel.id, archived), done)) {
      this.dispatchEvent(new CustomEvent(CHANNELS_CHANGED_EVENT, { bubbles: true }));
    }
  }

  private async leave(): Promise<void> {
    if (!this.confirmingLeave) {
      this.confirmingLeave = true;
      return;
    }
    if (await this.change(() => chatApi.leave(this.channel.id))) {
      this.dispatchEvent(new CustomEvent(CHANNELS_CHANGED_EVENT, { bubbles: true }));
      navigate("/chat");
    }
  }

  private async createHook(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return;
    let made: Webhook | null = null;
    const ok = await this.change(async () => (made = await chatApi.createWebhook(this.channel.id, name)));
    if (!ok || !made) return;
    form.reset();
    this.newHook = made;
    this.hooks = [...(this.hooks ?? []), made];
  }

  private async revokeHook(hook: Webhook): Promise<void> {
    const done = t("chat.settings.hookRevoked", { name: hook.name });
    if (await this.change(() => chatApi.revokeWebhook(this.channel.id, hook.id), done)) {
      this.hooks = (this.hooks ?? []).filter((h) => h.id !== hook.id);
      if (this.newHook?.id === hook.id) this.newHook = null;
    }
  }

  private async closeReport(report: Report, status: "resolved" | "dismissed"): Promise<void> {
    if (await this.change(() => chatApi.closeReport(report.id, status), t(`chat.settings.report.${status}Done`))) {
      this.reports = (this.reports ?? []).filter((r) => r.id !== report.id);
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent(CLOSE_SETTINGS_EVENT, { bubbles: true }));
  }

  protected override render() {
    return html`<section class="chat-settings" aria-labelledby="chat-settings-title">
      <div class="chat-settings__head">
        <h3 class="fr-h6 fr-mb-0" id="chat-settings-title">${t("chat.settings.title")}</h3>
        <button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-close-line fr-btn--icon-left" type="button" @click=${this.close}>
          ${t("chat.settings.close")}
        </button>
      </div>
      ${errorAlert(this.error)}
      <p class="fr-sr-only" role="status">${this.saved}</p>
      ${this.saved ? html`<p class="fr-valid-text fr-mt-0" aria-hidden="true">${this.saved}</p>` : nothing}
      ${this.named ? this.about() : nothing} ${this.teams ? this.sharing(this.teams) : nothing} ${this.membersSection()}
      ${this.reports ? this.reported(this.reports) : nothing} ${this.hooks ? this.webhooks(this.hooks) : nothing}
      ${this.channel.role ? this.exits() : nothing}
    </section>`;
  }

  private about() {
    const channel = this.channel;
    if (!this.manages || channel.archived) {
      return html`<h4 class="fr-text--md fr-text--bold fr-mb-1v">${t("chat.settings.about")}</h4>
        <p class="fr-text--sm">${channel.topic || t("chat.settings.noTopic")}</p>`;
    }
    return html`<form class="fr-mb-3w" @submit=${this.saveAbout}>
      <h4 class="fr-text--md fr-text--bold fr-mb-1v">${t("chat.settings.about")}</h4>
      <div class="fr-input-group">
        <label class="fr-label" for="chat-settings-name">${t("chat.name")}<span class="fr-hint-text">${t("chat.nameHint")}</span></label>
        <input class="fr-input" id="chat-settings-name" name="name" required maxlength="80" autocomplete="off" .value=${channel.name ?? ""} />
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="chat-settings-topic">${t("chat.settings.topic")}</label>
        <input class="fr-input" id="chat-settings-topic" name="topic" maxlength="2000" autocomplete="off" .value=${channel.topic} />
      </div>
      <button class="fr-btn fr-btn--sm" type="submit" ?disabled=${this.busy}>${t("chat.save")}</button>
    </form>`;
  }

  private sharing(teams: Team[]) {
    if (!teams.length) return nothing;
    const shared = new Set(this.channel.team_ids);
    return html`<form class="fr-mb-3w" @submit=${this.saveTeams}>
      <fieldset class="fr-fieldset" aria-labelledby="chat-settings-teams">
        <legend class="fr-fieldset__legend fr-text--md" id="chat-settings-teams">
          ${t("chat.settings.teams")}<span class="fr-hint-text">${t("chat.settings.teamsHint")}</span>
        </legend>
        ${teams.map(
          (team) => html`<div class="fr-fieldset__element">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input type="checkbox" id="chat-team-${team.id}" name="team" value=${team.id} ?checked=${shared.has(team.id)} />
              <label class="fr-label" for="chat-team-${team.id}">${team.name}</label>
            </div>
          </div>`,
        )}
      </fieldset>
      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit" ?disabled=${this.busy}>${t("chat.settings.saveTeams")}</button>
    </form>`;
  }

  private membersSection() {
    const me = myId();
    const inside = new Set(this.members.map((m) => m.user_id));
    const candidates = this.people.filter((p) => !inside.has(p.user_id));
    const canAdd = this.channel.role && this.named && !this.channel.archived;
    return html`<h4 class="fr-text--md fr-text--bold fr-mb-1v">${t("chat.members", { count: this.members.length })}</h4>
      <ul class="chat-settings__members">
        ${this.members.map(
          (m) => html`<li>
            <span>${m.display_name}${m.user_id === me ? ` ${t("chat.settings.you")}` : ""}</span>
            <span class="fr-badge fr-badge--sm fr-badge--no-icon">${t(`chat.settings.role.${m.role}`)}</span>
            ${m.user_id !== me ? this.memberActions(m) : nothing}
          </li>`,
        )}
      </ul>
      ${canAdd
        ? html`<form class="chat-settings__add fr-mb-3w" @submit=${this.addPerson}>
            <div class="fr-select-group fr-mb-1w">
              <label class="fr-label" for="chat-settings-person">${t("chat.settings.add")}</label>
              <select class="fr-select" id="chat-settings-person" name="user" required>
                <option value="" selected disabled>${t("chat.personPick")}</option>
                ${candidates.map((p) => html`<option value=${p.user_id}>${p.display_name}</option>`)}
              </select>
            </div>
            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit" ?disabled=${this.busy || !candidates.length}>
              ${t("chat.settings.addSubmit")}
            </button>
          </form>`
        : nothing}`;
  }

  private memberActions(member: Member) {
    if (!this.named || this.channel.archived) return nothing;
    const owner = this.myRole === "owner";
    const removable = this.manages && (member.role !== "owner" || owner);
    return html`<span class="chat-settings__actions">
      ${owner && member.role !== "owner"
        ? html`<button
            class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
            type="button"
            ?disabled=${this.busy}
            @click=${() => void this.setRole(member, member.role === "moderator" ? "member" : "moderator")}
          >
            ${member.role === "moderator"
              ? t("chat.settings.unmakeModerator", { name: member.display_name })
              : t("chat.settings.makeModerator", { name: member.display_name })}
          </button>`
        : nothing}
      ${removable
        ? html`<button
            class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-user-unfollow-line fr-btn--icon-left"
            type="button"
            ?disabled=${this.busy}
            @click=${() => void this.removeMember(member)}
          >
            ${t("chat.settings.remove", { name: member.display_name })}
          </button>`
        : nothing}
    </span>`;
  }

  private reported(reports: Report[]) {
    return html`<h4 class="fr-text--md fr-text--bold fr-mb-1v">${t("chat.settings.reports", { count: reports.length })}</h4>
      ${reports.length
        ? html`<ul class="chat-settings__reports">
            ${reports.map(
              (report) => html`<li>
                <!-- Sanitized on the server, as in <chat-message>. -->
                <div class="chat-settings__reported">${report.message ? unsafeHTML(report.message.html) : nothing}</div>
                <p class="fr-text--sm fr-mb-1v">${t("chat.settings.report.reason", { reason: report.reason })}</p>
                <button class="fr-btn fr-btn--sm fr-btn--secondary" type="button" ?disabled=${this.busy} @click=${() => void this.closeReport(report, "resolved")}>
                  ${t("chat.settings.report.resolve")}
                </button>
                <button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" ?disabled=${this.busy} @click=${() => void this.closeReport(report, "dismissed")}>
                  ${t("chat.settings.report.dismiss")}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="fr-text--sm">${t("chat.settings.noReports")}</p>`}`;
  }

  private webhooks(hooks: Webhook[]) {
    return html`<h4 class="fr-text--md fr-text--bold fr-mb-1v">${t("chat.settings.hooks")}</h4>
      <p class="fr-text--sm fr-mb-1w">${t("chat.settings.hooksHint")}</p>
      ${this.newHook?.url
        ? html`<div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w">
            <p>${t("chat.settings.hookUrl", { name: this.newHook.name })}</p>
            <input class="fr-input chat-settings__url" readonly aria-label=${t("chat.settings.hookUrlLabel")} .value=${new URL(this.newHook.url, window.location.origin).href} />
          </div>`
        : nothing}
      ${hooks.length
        ? html`<ul class="chat-settings__hooks">
            ${hooks.map(
              (hook) => html`<li>
                <span>${hook.name}</span>
                <button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" ?disabled=${this.busy} @click=${() => void this.revokeHook(hook)}>
                  ${t("chat.settings.revoke", { name: hook.name })}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="fr-text--sm">${t("chat.settings.noHooks")}</p>`}
      ${this.channel.archived
        ? nothing
        : html`<form class="chat-settings__add fr-mb-3w" @submit=${this.createHook}>
            <div class="fr-input-group fr-mb-1w">
              <label class="fr-label" for="chat-settings-hook">${t("chat.settings.hookName")}</label>
              <input class="fr-input" id="chat-settings-hook" name="name" required maxlength="80" autocomplete="off" />
            </div>
            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit" ?disabled=${this.busy}>${t("chat.settings.hookCreate")}</button>
          </form>`}`;
  }

  private exits() {
    const channel = this.channel;
    const owner = this.myRole === "owner" && this.named;
    const leavable = channel.kind !== "direct";
    return html`<div class="chat-settings__exits">
      ${owner
        ? html`<button class="fr-btn fr-btn--sm fr-btn--secondary" type="button" ?disabled=${this.busy} @click=${() => void this.archive(!channel.archived)}>
            ${channel.archived ? t("chat.settings.reopen") : t("chat.settings.archive")}
          </button>`
        : nothing}
      ${leavable
        ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" ?disabled=${this.busy} @click=${() => void this.leave()}>
            ${this.confirmingLeave ? t("chat.settings.leaveConfirm") : t("chat.settings.leave")}
          </button>`
        : nothing}
    </div>`;
  }
}
