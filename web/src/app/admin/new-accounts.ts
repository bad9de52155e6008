// On /admin/members: make an account for a colleague (a member at once, e-mailed a link
// to choose their password; invited instead when their address has an account), or for
// everyone a CSV file lists, with the report of each line refused and why.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, ApiError } from "../../shell/api";
import { errorKey } from "../../shell/errors";
import { t, translated } from "../../shell/i18n";
import { DISPLAY_NAME_MAX_LENGTH, inputField } from "../field";
import { AdminSection, assignableRoles, roleName } from "./section";

const ACCOUNTS_URL = "/api/v1/orgs/current/accounts";
const TEAMS_URL = "/api/v1/orgs/current/teams";

/** Tells the members list that people joined. */
export const MEMBERS_ADDED_EVENT = "lasuite-members-added";

interface Team {
  id: string;
  name: string;
}

interface Added {
  email: string;
  outcome: "created" | "invited";
}

interface Refused {
  line: number;
  email: string;
  error: string;
  detail: string | { message: string; team?: string };
}

interface Report {
  added: Added[];
  refused: Refused[];
}

type Field = "email" | "name";

@customElement("lasuite-admin-new-accounts")
export class LasuiteAdminNewAccounts extends AdminSection {
  @state() private teams: Team[] = [];
  @state() private problems: Partial<Record<Field, string>> = {};
  @state() private report: Report | null = null;
  @state() private busy = false;

  protected async load(): Promise<void> {
    this.teams = await api.get<Team[]>(TEAMS_URL);
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    const name = String(data.get("display_name") ?? "").trim();
    this.problems = {
      ...(/^[^@\s]+@[^@\s]+$/.test(email) ? {} : { email: t("admin.accounts.emailInvalid") }),
      ...(name ? {} : { name: t("admin.accounts.nameMissing") }),
    };
    const first = (Object.keys(this.problems) as Field[])[0];
    if (first) {
      await this.focusAfterRender(`#lasuite-account-new-${first}`);
      return;
    }
    const body = {
      email,
      display_name: name,
      role: String(data.get("role")),
      teams: data.getAll("teams").map(String),
    };
    this.busy = true;
    try {
      const added = await api.post<Added>(ACCOUNTS_URL, body);
      this.status = t(`admin.accounts.${added.outcome}`, { email });
      this.error = "";
      form.reset();
      this.dispatchEvent(new CustomEvent(MEMBERS_ADDED_EVENT, { bubbles: true }));
    } catch (error) {
      if (error instanceof ApiError && error.code === "core.already_member") {
        this.problems = { email: t("core.error.already_member") };
      } else if (error instanceof ApiError && error.code === "core.already_invited") {
        this.problems = { email: t("core.error.already_invited") };
      } else {
        this.error = refusal(error);
      }
    } finally {
      this.busy = false;
    }
  }

  private async importFile(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector<HTMLInputElement>("input[type=file]");
    const file = input?.files?.[0];
    this.report = null;
    if (!file) {
      this.error = t("admin.accounts.import.noFile");
      await this.focusAfterRender(".lasuite-admin-error");
      return;
    }
    this.busy = true;
    let report: Report | null = null;
    await this.act(async () => {
      report = await api.post<Report>(`${ACCOUNTS_URL}/import`, { csv: await file.text() });
    });
    this.busy = false;
    this.report = report;
    if (report === null) return;
    if ((report as Report).added.length) {
      this.dispatchEvent(new CustomEvent(MEMBERS_ADDED_EVENT, { bubbles: true }));
    }
    await this.focusAfterRender("#lasuite-import-report");
  }

  protected override render() {
    return html`${this.renderMessages()}
      <h2>${t("admin.accounts.title")}</h2>
      ${this.renderCreate()}
      <h2>${t("admin.accounts.import.title")}</h2>
      ${this.renderImport()} ${this.renderReport()}`;
  }

  private renderCreate() {
    const edited = (field: Field) => () => (this.problems = { ...this.problems, [field]: "" });
    return html`<form class="fr-mb-4w" @submit=${this.create} novalidate>
      <p class="fr-text--sm">${t("admin.accounts.hint")}</p>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          ${inputField({
            id: "lasuite-account-new-email",
            name: "email",
            label: t("admin.accounts.email"),
            problem: this.problems.email,
            type: "email",
            autocomplete: "off",
            maxlength: 320,
            required: true,
            onInput: edited("email"),
          })}
        </div>
        <div class="fr-col-12 fr-col-md-6">
          ${inputField({
            id: "lasuite-account-new-name",
            name: "display_name",
            label: t("admin.accounts.name"),
            problem: this.problems.name,
            autocomplete: "off",
            maxlength: DISPLAY_NAME_MAX_LENGTH,
            required: true,
            onInput: edited("name"),
          })}
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <div class="fr-select-group">
            <label class="fr-label" for="lasuite-account-new-role">${t("admin.accounts.role")}</label>
            <select class="fr-select" id="lasuite-account-new-role" name="role">
              ${assignableRoles(this.state.me).map(
                (role) => html`<option value=${role} ?selected=${role === "member"}>${roleName(role)}</option>`,
              )}
            </select>
          </div>
        </div>
        ${this.teams.length
          ? html`<div class="fr-col-12 fr-col-md-6">
              <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend fr-text--regular">${t("admin.accounts.teams")}</legend>
                ${this.teams.map(
                  (team) => html`<div class="fr-fieldset__element">
                    <div class="fr-checkbox-group fr-checkbox-group--sm">
                      <input type="checkbox" id="lasuite-account-team-${team.id}" name="teams" value=${team.name} />
                      <label class="fr-label" for="lasuite-account-team-${team.id}">${team.name}</label>
                    </div>
                  </div>`,
                )}
              </fieldset>
            </div>`
          : nothing}
      </div>
      <button class="fr-btn fr-mt-2w" type="submit" ?disabled=${this.busy}>${t("admin.accounts.create")}</button>
    </form>`;
  }

  private renderImport() {
    return html`<form class="fr-mb-4w" @submit=${this.importFile} novalidate>
      <div class="fr-upload-group">
        <label class="fr-label" for="lasuite-accounts-file">
          ${t("admin.accounts.import.file")}
          <span class="fr-hint-text">${t("admin.accounts.import.hint")}</span>
        </label>
        <input class="fr-upload" type="file" id="lasuite-accounts-file" accept=".csv,text/csv" />
      </div>
      <button class="fr-btn fr-btn--secondary fr-mt-2w" type="submit" ?disabled=${this.busy}>
        ${t("admin.accounts.import.submit")}
      </button>
    </form>`;
  }

  private renderReport() {
    const report = this.report;
    if (!report) return nothing;
    const created = report.added.filter((a) => a.outcome === "created").length;
    const invited = report.added.length - created;
    return html`<div id="lasuite-import-report" tabindex="-1" class="fr-mb-4w">
      <p role="status">
        ${t("admin.accounts.import.summary", { created, invited, refused: report.refused.length })}
      </p>
      ${report.refused.length
        ? html`<div class="fr-table fr-table--no-caption">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>${t("admin.accounts.import.refused")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">${t("admin.accounts.import.line")}</th>
                        <th scope="col">${t("admin.accounts.email")}</th>
                        <th scope="col">${t("admin.accounts.import.why")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${report.refused.map(
                        (line) => html`<tr>
                          <td>${line.line}</td>
                          <td>${line.email}</td>
                          <td>${why(line)}</td>
                        </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>`
        : nothing}
    </div>`;
  }
}

/** Why a line of an import was refused, in the reader's language. */
function why(line: Refused): string {
  const detail = typeof line.detail === "string" ? { message: line.detail } : line.detail;
  return worded(line.error, detail.team ?? "", detail.message);
}

/** What the API refused, in the reader's language (its English message for a code this
 * page does not word). */
function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const detail = error.detail as { team?: string } | null;
  return worded(error.code, typeof detail === "object" ? (detail?.team ?? "") : "", error.message);
}

function worded(code: string, team: string, english: string): string {
  return translated(errorKey(code), { team }) ?? english;
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-new-accounts": LasuiteAdminNewAccounts;
  }
}
