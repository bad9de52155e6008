// /admin/organization: the organization's name, which its admins change, and its SIRET,
// which only the installation's staff set (ProConnect agents of that establishment then
// join it as members, so whoever sets it decides who comes in).
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { t } from "../../shell/i18n";
import { session } from "../../shell/session";
import { AdminSection } from "./section";

interface Organization {
  id: string;
  slug: string;
  name: string;
  siret: string | null;
}

const ORGANIZATION_URL = "/api/v1/orgs/current";

@customElement("lasuite-admin-organization")
export class LasuiteAdminOrganization extends AdminSection {
  @state() private organization?: Organization;

  protected async load(): Promise<void> {
    this.organization = await api.get<Organization>(ORGANIZATION_URL);
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const change: Record<string, string | null> = { name };
    if (this.state.me.is_staff) {
      const siret = String(data.get("siret") ?? "").replace(/\s/g, "");
      change.siret = siret || null;
    }
    await this.act(async () => {
      this.organization = await api.patch<Organization>(ORGANIZATION_URL, change);
      await session.load(); // the header and the organization menu show the new name
    }, t("admin.organization.saved"));
  }

  protected override render() {
    return html`${this.renderMessages()}
    ${this.organization ? this.renderForm(this.organization) : nothing}`;
  }

  private renderForm(organization: Organization) {
    const staff = this.state.me.is_staff;
    return html`<form id="lasuite-organization-form" @submit=${this.save}>
      <div class="fr-input-group">
        <label class="fr-label" for="lasuite-organization-name">
          ${t("admin.organization.name")}
        </label>
        <input
          class="fr-input"
          id="lasuite-organization-name"
          name="name"
          required
          maxlength="200"
          autocomplete="organization"
          .value=${organization.name}
        />
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="lasuite-organization-slug">
          ${t("admin.organization.slug")}
          <span class="fr-hint-text">${t("admin.organization.slugHint")}</span>
        </label>
        <input
          class="fr-input"
          id="lasuite-organization-slug"
          readonly
          .value=${organization.slug}
        />
      </div>
      <div class="fr-input-group ${staff ? "" : "fr-input-group--disabled"}">
        <label class="fr-label" for="lasuite-organization-siret">
          ${t("admin.organization.siret")}
          <span class="fr-hint-text">
            ${staff ? t("admin.organization.siretHint") : t("admin.organization.siretStaffOnly")}
          </span>
        </label>
        <input
          class="fr-input"
          id="lasuite-organization-siret"
          name="siret"
          inputmode="numeric"
          pattern="[0-9 ]{14,17}"
          autocomplete="off"
          ?disabled=${!staff}
          .value=${organization.siret ?? ""}
        />
      </div>
      <button class="fr-btn" type="submit">${t("admin.organization.save")}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-organization": LasuiteAdminOrganization;
  }
}
