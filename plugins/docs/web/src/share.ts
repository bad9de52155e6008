// The share panel of a page: who holds a role on it (here or on a page above), the page's
// link, and — for its administrators — granting, changing and taking back roles.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, t } from "@lasuite/shell";
import {
  atLeast,
  docsApi,
  ROLES,
  type AccessOut,
  type AccessRequest,
  type DocumentOut,
  type Invitation,
  type Member,
  type Role,
  type Team,
} from "./api";
import { DocsElement, reason } from "./base";

const LINK_ROLES: Role[] = ["reader", "commenter", "editor"];
/** The roles a page is shared with by e-mail (the owner role is given to members only). */
const INVITED_ROLES: Role[] = ["reader", "commenter", "editor", "administrator"];
/** Who reaches the page by its link: the people added, the organization, or anyone
 * (visitors without an account read it; its members get the link role). */
const LINK_REACHES = ["restricted", "authenticated", "public"] as const;

export class DocsShare extends DocsElement {
  @property({ attribute: false }) document!: DocumentOut;
  @state() private accesses: AccessOut[] = [];
  @state() private members: Member[] = [];
  @state() private teams: Team[] = [];
  @state() private requests: AccessRequest[] = [];
  @state() private invitations: Invitation[] = [];
  @state() private failure = "";
  /** What the last share by e-mail did, said politely. */
  @state() private done = "";

  private get manages(): boolean {
    return atLeast(this.document.my_role, "administrator");
  }

  private get owns(): boolean {
    return this.document.my_role === "owner";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.accesses = await docsApi.accesses(this.document.id);
      if (this.manages) {
        [this.members, this.teams, this.requests, this.invitations] = await Promise.all([
          docsApi.members(),
          docsApi.teams(),
          docsApi.accessRequests(this.document.id),
          docsApi.invitations(this.document.id),
        ]);
      }
    } catch (error) {
      this.failure = reason(error);
    }
  }

  private async act(change: () => Promise<unknown>): Promise<void> {
    this.failure = "";
    this.done = "";
    try {
      await change();
      await this.load();
    } catch (error) {
      this.failure = reason(error);
    }
  }

  private readonly add = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const [kind, id] = String(data.get("holder") ?? "").split(":");
    const role = String(data.get("role")) as Role;
    if (!id) return;
    void this.act(() =>
      docsApi.grant(this.document.id, role, kind === "team" ? { team_id: id } : { user_id: id }),
    );
  };

  private readonly invite = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    const role = String(data.get("role")) as Role;
    if (!form.querySelector<HTMLInputElement>("input[type=email]")?.checkValidity() || !email) {
      this.failure = t("docs.share.invalidEmail");
      return;
    }
    void this.share(form, email, role);
  };

  private async share(form: HTMLFormElement, email: string, role: Role): Promise<void> {
    this.failure = "";
    this.done = "";
    try {
      const shared = await docsApi.shareByEmail(this.document.id, email, role);
      form.reset();
      this.done = shared.access
        ? t("docs.share.granted", { name: shared.access.name, role: t(`docs.role.${shared.access.role}`) })
        : t("docs.share.invited", { email: shared.invitation?.email ?? email });
      await this.load();
    } catch (error) {
      this.failure =
        error instanceof ApiError && error.code === "invalid_input" ? t("docs.share.invalidEmail") : reason(error);
    }
  }

  private changeRole(access: AccessOut, role: Role): void {
    const holder = access.team_id ? { team_id: access.team_id } : { user_id: access.user_id ?? "" };
    void this.act(() => docsApi.grant(this.document.id, role, holder));
  }

  private changeLink(link: { link_reach?: string; link_role?: string }): void {
    void this.act(async () => {
      const changed = await docsApi.setLink(this.document.id, link);
      this.dispatchEvent(new CustomEvent("docs-link-changed", { detail: changed, bubbles: true }));
    });
  }

  private roleChoices(selected: Role) {
    return ROLES.filter((role) => this.owns || role !== "owner" || role === selected).map(
      (role) => html`<option value=${role} ?selected=${role === selected}>${t(`docs.role.${role}`)}</option>`,
    );
  }

  protected override render() {
    const document = this.document;
    return html`<section class="docs-share" aria-labelledby="docs-share-title">
      <div class="docs-share__top">
        <h2 class="fr-h6" id="docs-share-title">${t("docs.share.title")}</h2>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
          @click=${() => this.dispatchEvent(new CustomEvent("docs-share-close", { bubbles: true }))}
        >
          ${t("docs.share.close")}
        </button>
      </div>
      ${this.failure
        ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.failure}</p></div>`
        : nothing}
      ${this.manages && this.requests.length ? this.requestList() : nothing}
      ${this.done ? html`<p class="fr-text--sm docs-share__done" role="status">${this.done}</p>` : nothing}
      ${this.manages ? this.addForm() : nothing}
      ${this.manages ? this.inviteForm() : nothing}
      ${this.manages && this.invitations.length ? this.invitationList() : nothing}
      <ul class="docs-share__list">
        ${this.accesses.map((access) => this.row(access))}
      </ul>
      <h3 class="fr-text--md fr-mb-1w">${t("docs.share.link")}</h3>
      ${this.manages
        ? html`<div class="docs-share__link">
            <div class="fr-select-group">
              <label class="fr-label" for="docs-link-reach">${t("docs.share.reach")}</label>
              <select
                class="fr-select"
                id="docs-link-reach"
                @change=${(e: Event) => this.changeLink({ link_reach: (e.target as HTMLSelectElement).value })}
              >
                ${LINK_REACHES.map(
                  (reach) => html`<option value=${reach} ?selected=${document.link_reach === reach}>
                    ${t(`docs.share.reach.${reach}`)}
                  </option>`,
                )}
              </select>
            </div>
            ${document.link_reach === "restricted"
              ? nothing
              : html`<div class="fr-select-group">
                  <label class="fr-label" for="docs-link-role">${t("docs.share.linkRole")}</label>
                  <select
                    class="fr-select"
                    id="docs-link-role"
                    @change=${(e: Event) => this.changeLink({ link_role: (e.target as HTMLSelectElement).value })}
                  >
                    ${LINK_ROLES.map(
                      (role) => html`<option value=${role} ?selected=${document.link_role === role}>
                        ${t(`docs.role.${role}`)}
                      </option>`,
                    )}
                  </select>
                </div>`}
            ${document.link_reach === "public"
              ? html`<p class="fr-hint-text docs-share__public">${t("docs.share.publicHint")}</p>`
              : nothing}
          </div>`
        : html`<p>
            ${t(`docs.share.reach.${document.link_reach}`)}${document.link_reach === "restricted"
              ? ""
              : ` · ${t(`docs.role.${document.link_role}`)}`}
          </p>`}
    </section>`;
  }

  private requestList() {
    return html`<h3 class="fr-text--md fr-mb-1w" id="docs-requests-title">${t("docs.requests.title")}</h3>
      <ul class="docs-share__list" aria-labelledby="docs-requests-title">
        ${this.requests.map(
          (request) => html`<li class="docs-share__person">
            <span class="docs-share__name">${request.name}</span>
            <label class="fr-sr-only" for="docs-request-${request.id}">
              ${t("docs.requests.roleFor", { name: request.name })}
            </label>
            <select class="fr-select docs-share__role" id="docs-request-${request.id}">
              ${this.roleChoices(request.role)}
            </select>
            <button
              type="button"
              class="fr-btn fr-btn--sm"
              @click=${() => {
                const role = this.querySelector<HTMLSelectElement>(`#docs-request-${request.id}`)?.value as Role;
                void this.act(() => docsApi.acceptRequest(this.document.id, request.id, role ?? request.role));
              }}
            >
              ${t("docs.requests.accept", { name: request.name })}
            </button>
            <button
              type="button"
              class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
              @click=${() => this.act(() => docsApi.refuseRequest(this.document.id, request.id))}
            >
              ${t("docs.requests.refuse", { name: request.name })}
            </button>
          </li>`,
        )}
      </ul>`;
  }

  private addForm() {
    const granted = new Set(this.accesses.filter((a) => a.document_id === this.document.id).map((a) => a.user_id ?? a.team_id));
    return html`<form class="docs-share__add" @submit=${this.add}>
      <div class="fr-select-group">
        <label class="fr-label" for="docs-share-holder">${t("docs.share.who")}</label>
        <select class="fr-select" id="docs-share-holder" name="holder" required>
          <option value="" selected disabled>${t("docs.share.pick")}</option>
          <optgroup label=${t("docs.share.people")}>
            ${this.members
              .filter((m) => !granted.has(m.user_id))
              .map((m) => html`<option value=${`user:${m.user_id}`}>${m.display_name} (${m.email})</option>`)}
          </optgroup>
          <optgroup label=${t("docs.share.teams")}>
            ${this.teams
              .filter((team) => !granted.has(team.id))
              .map((team) => html`<option value=${`team:${team.id}`}>${team.name}</option>`)}
          </optgroup>
        </select>
      </div>
      <div class="fr-select-group">
        <label class="fr-label" for="docs-share-role">${t("docs.share.role")}</label>
        <select class="fr-select" id="docs-share-role" name="role">${this.roleChoices("editor")}</select>
      </div>
      <button class="fr-btn fr-btn--sm" type="submit">${t("docs.share.add")}</button>
    </form>`;
  }

  private inviteForm() {
    return html`<form class="docs-share__add" @submit=${this.invite} novalidate>
      <div class="fr-input-group">
        <label class="fr-label" for="docs-share-email">
          ${t("docs.share.email")}
          <span class="fr-hint-text">${t("docs.share.emailHint")}</span>
        </label>
        <input class="fr-input" type="email" id="docs-share-email" name="email" autocomplete="off" required />
      </div>
      <div class="fr-select-group">
        <label class="fr-label" for="docs-share-email-role">${t("docs.share.emailRole")}</label>
        <select class="fr-select" id="docs-share-email-role" name="role">
          ${INVITED_ROLES.map(
            (role) => html`<option value=${role} ?selected=${role === "editor"}>${t(`docs.role.${role}`)}</option>`,
          )}
        </select>
      </div>
      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">${t("docs.share.invite")}</button>
    </form>`;
  }

  private invitationList() {
    return html`<h3 class="fr-text--md fr-mb-1w" id="docs-invitations-title">${t("docs.share.invitations")}</h3>
      <ul class="docs-share__list" aria-labelledby="docs-invitations-title">
        ${this.invitations.map(
          (invitation) => html`<li class="docs-share__person">
            <span class="docs-share__name">${invitation.email}</span>
            <span class="docs-share__role">${t(`docs.role.${invitation.role}`)}</span>
            <span class="docs-muted">${t("docs.share.waiting")}</span>
            <button
              type="button"
              class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
              @click=${() => this.act(() => docsApi.cancelInvitation(this.document.id, invitation.id))}
            >
              ${t("docs.share.cancelInvitation", { email: invitation.email })}
            </button>
          </li>`,
        )}
      </ul>`;
  }

  private row(access: AccessOut) {
    const inherited = access.document_id !== this.document.id;
    const editable = this.manages && !inherited && (this.owns || access.role !== "owner");
    return html`<li class="docs-share__person">
      <span class="docs-share__name">${access.name}</span>
      ${editable
        ? html`<label class="fr-sr-only" for="docs-role-${access.id}">${t("docs.share.roleOf", { name: access.name })}</label>
            <select
              class="fr-select docs-share__role"
              id="docs-role-${access.id}"
              @change=${(e: Event) => this.changeRole(access, (e.target as HTMLSelectElement).value as Role)}
            >
              ${this.roleChoices(access.role)}
            </select>
            <button
              type="button"
              class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
              @click=${() => this.act(() => docsApi.revoke(this.document.id, access.id))}
            >
              ${t("docs.share.remove", { name: access.name })}
            </button>`
        : html`<span class="docs-share__role">${t(`docs.role.${access.role}`)}</span>
            ${inherited ? html`<span class="docs-muted">${t("docs.share.inherited")}</span>` : nothing}`}
    </li>`;
  }
}
