// /admin/audit: the organization's audit log, newest first, each entry a sentence with
// names, filtered by who, which kind of action and when, a page at a time ("load more"
// follows the API's cursor); an entry's details open beneath it.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { MEMBERS_URL, type Member } from "./members";
import { AdminSection, formatDate, roleName } from "./section";
import { TEAMS_URL, type Team } from "./teams";

interface AuditEvent {
  id: string;
  created_at: string;
  action: string;
  actor_id: string | null;
  target: string;
  data: Record<string, unknown>;
  ip: string;
}

interface Filters {
  actor: string;
  category: string;
  from: string;
  to: string;
}

const AUDIT_URL = "/api/v1/orgs/current/audit";
/** The kinds of actions the log is filtered by: the core's and the enabled plugins'. */
const CATEGORIES_URL = `${AUDIT_URL}/categories`;
const PAGE = 50;
const NO_FILTERS: Filters = { actor: "", category: "", from: "", to: "" };

/** The catalog key wording a plugin's audit action `<id>.<noun>.<verb>`
 * (`<id>.audit.<noun>.<verb>`) or category `<id>.<noun>` (`<id>.audit.category.<noun>`),
 * in the plugin's own catalogs; the core's are `audit.<action>` in the shell's. */
function auditKey(name: string, kind: "action" | "category" = "action"): string {
  const dot = name.indexOf(".");
  const rest = name.slice(dot + 1);
  return `${name.slice(0, dot)}.audit.${kind === "category" ? `category.${rest}` : rest}`;
}

/** The start of a day (YYYY-MM-DD) in the browser's time zone, as the API's ISO time. */
function dayStart(day: string, plusDays = 0): string {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}

@customElement("lasuite-admin-audit")
export class LasuiteAdminAudit extends AdminSection {
  @state() private events: AuditEvent[] = [];
  @state() private members: Member[] = [];
  @state() private teams: Team[] = [];
  @state() private categories: string[] = [];
  @state() private more = false;
  @state() private busy = false;
  private filters: Filters = NO_FILTERS;

  protected async load(): Promise<void> {
    const may = (permission: string) => this.state.me.permissions.includes(permission);
    const [members, teams, categories, events] = await Promise.all([
      may("core.members.read") ? api.get<Member[]>(MEMBERS_URL) : Promise.resolve([]),
      may("core.teams.read") ? api.get<Team[]>(TEAMS_URL) : Promise.resolve([]),
      api.get<string[]>(CATEGORIES_URL),
      this.page(),
    ]);
    this.members = members;
    this.teams = teams;
    this.categories = categories;
    this.events = events;
  }

  private async page(before?: string): Promise<AuditEvent[]> {
    const { actor, category, from, to } = this.filters;
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (actor) query.set("actor_id", actor);
    if (category) query.set("action", `${category}.*`);
    if (from) query.set("since", dayStart(from));
    if (to) query.set("until", dayStart(to, 1)); // the whole "to" day is included
    if (before) query.set("before", before);
    const events = await api.get<AuditEvent[]>(`${AUDIT_URL}?${query}`);
    this.more = events.length === PAGE;
    return events;
  }

  private async filter(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? "");
    this.filters = {
      actor: value("actor"),
      category: value("category"),
      from: value("from"),
      to: value("to"),
    };
    await this.search();
  }

  private async clear(): Promise<void> {
    (this.querySelector("#lasuite-audit-filters") as HTMLFormElement | null)?.reset();
    this.filters = NO_FILTERS;
    await this.search();
  }

  private async search(): Promise<void> {
    this.busy = true;
    await this.act(async () => {
      this.events = await this.page();
    });
    this.busy = false;
    this.status = t("admin.audit.found", { count: this.events.length });
  }

  private async loadMore(): Promise<void> {
    const last = this.events.at(-1);
    if (!last) return;
    const first = this.events.length;
    this.busy = true;
    const loaded = await this.act(async () => {
      this.events = [...this.events, ...(await this.page(last.id))];
    });
    this.busy = false;
    if (!loaded) return;
    this.status = t("admin.audit.loaded", { count: this.events.length - first });
    // The focus goes to the first new entry, where reading continues.
    await this.focusAfterRender(`#lasuite-audit-table tbody tr:nth-child(${first + 1}) th`);
  }

  private actorName(id: string | null): string {
    if (!id) return t("admin.audit.system");
    return this.members.find((m) => m.user_id === id)?.display_name ?? id;
  }

  /** A category's name: the core's from the shell's catalogs, a plugin's from its own. */
  private categoryName(category: string): string {
    return category.startsWith("core.")
      ? t(`audit.category.${category}`)
      : t(auditKey(category, "category"));
  }

  /** What happened, as a sentence naming people and things (a plugin's actions are worded
   * by its catalogs, with the entry's data by name); the code when no catalog words it. */
  private sentence(e: AuditEvent): string {
    const data = e.data;
    const text = (value: unknown) =>
      typeof value === "string" || typeof value === "number" ? String(value) : "";
    const role = (value: unknown) => (text(value) ? roleName(text(value)) : "");
    const person = (id: string) => this.members.find((m) => m.user_id === id)?.display_name ?? id;
    const written = Object.fromEntries(Object.entries(data).map(([name, value]) => [name, text(value)]));
    const params = {
      ...written,
      actor: this.actorName(e.actor_id),
      target: person(e.target),
      role: role(data.role),
      from: role(data.from),
      to: role(data.to),
      name: text(data.name),
      email: text(data.email),
      permission: text(data.permission),
      granted: data.granted ? t("audit.granted") : t("audit.withdrawn"),
      member: person(text(data.user_id)),
      team: this.teams.find((team) => team.id === e.target)?.name ?? e.target,
      job: text(data.actor),
    };
    // The core words its actions in the shell's catalogs, a plugin in its own.
    const core = e.action.startsWith("core.");
    const key = core ? `audit.${e.action}` : auditKey(e.action);
    const sentence = core ? t(`audit.${e.action}`, params) : t(key, params);
    return sentence === key ? e.action : sentence;
  }

  protected override render() {
    return html`${this.renderFilters()} ${this.renderMessages()}
      ${this.loaded ? this.renderTable() : nothing}`;
  }

  private renderFilters() {
    return html`<form id="lasuite-audit-filters" class="fr-mb-4w" @submit=${this.filter}>
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend">${t("admin.audit.filters")}</legend>
        <div class="fr-fieldset__element fr-col-12 fr-col-md-3">
          <div class="fr-select-group">
            <label class="fr-label" for="lasuite-audit-actor">${t("admin.audit.actor")}</label>
            <select class="fr-select" id="lasuite-audit-actor" name="actor">
              <option value="">${t("admin.audit.anyone")}</option>
              ${this.members.map((m) => html`<option value=${m.user_id}>${m.display_name}</option>`)}
            </select>
          </div>
        </div>
        <div class="fr-fieldset__element fr-col-12 fr-col-md-3">
          <div class="fr-select-group">
            <label class="fr-label" for="lasuite-audit-category">${t("admin.audit.category")}</label>
            <select class="fr-select" id="lasuite-audit-category" name="category">
              <option value="">${t("admin.audit.anything")}</option>
              ${this.categories.map(
                (category) =>
                  html`<option value=${category}>${this.categoryName(category)}</option>`,
              )}
            </select>
          </div>
        </div>
        <div class="fr-fieldset__element fr-col-6 fr-col-md-3">
          <div class="fr-input-group">
            <label class="fr-label" for="lasuite-audit-from">${t("admin.audit.from")}</label>
            <input class="fr-input" id="lasuite-audit-from" name="from" type="date" />
          </div>
        </div>
        <div class="fr-fieldset__element fr-col-6 fr-col-md-3">
          <div class="fr-input-group">
            <label class="fr-label" for="lasuite-audit-to">${t("admin.audit.to")}</label>
            <input class="fr-input" id="lasuite-audit-to" name="to" type="date" />
          </div>
        </div>
        <div class="fr-fieldset__element">
          <ul class="fr-btns-group fr-btns-group--inline-sm">
            <li>
              <button class="fr-btn" type="submit" ?disabled=${this.busy}>
                ${t("admin.audit.apply")}
              </button>
            </li>
            <li>
              <button class="fr-btn fr-btn--secondary" type="button" @click=${() => void this.clear()}>
                ${t("admin.audit.clear")}
              </button>
            </li>
          </ul>
        </div>
      </fieldset>
    </form>`;
  }

  private renderTable() {
    if (!this.events.length) return html`<p>${t("admin.audit.none")}</p>`;
    return html`<div class="fr-table fr-table--no-caption">
        <div class="fr-table__wrapper">
          <div class="fr-table__container">
            <div class="fr-table__content">
              <table id="lasuite-audit-table">
                <caption>
                  ${t("admin.audit.caption")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t("admin.audit.when")}</th>
                    <th scope="col">${t("admin.audit.actor")}</th>
                    <th scope="col">${t("admin.audit.what")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.events.map(
                    (e) =>
                      html`<tr>
                        <th scope="row" tabindex="-1">${formatDate(e.created_at)}</th>
                        <td>${this.actorName(e.actor_id)}</td>
                        <td>
                          <p class="fr-mb-1v">${this.sentence(e)}</p>
                          <details class="lasuite-audit-details">
                            <summary>${t("admin.audit.details")}</summary>
                            <dl>
                              <dt>${t("admin.audit.action")}</dt>
                              <dd><code>${e.action}</code></dd>
                              <dt>${t("admin.audit.target")}</dt>
                              <dd>${e.target}</dd>
                              ${e.ip
                                ? html`<dt>${t("admin.audit.ip")}</dt>
                                    <dd>${e.ip}</dd>`
                                : nothing}
                              ${Object.keys(e.data).length
                                ? html`<dt>${t("admin.audit.data")}</dt>
                                    <dd><code class="lasuite-audit-data">${JSON.stringify(e.data)}</code></dd>`
                                : nothing}
                            </dl>
                          </details>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      ${this.more
        ? html`<button
            type="button"
            class="fr-btn fr-btn--secondary"
            ?disabled=${this.busy}
            @click=${() => void this.loadMore()}
          >
            ${t("admin.audit.more")}
          </button>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-audit": LasuiteAdminAudit;
  }
}
