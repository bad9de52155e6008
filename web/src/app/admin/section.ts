// What every admin page shares: which pages a user may open, the role names, and
// the base element that loads its data and shows errors and results to everyone,
// screen-reader users included (an alert for errors, a live status for results).
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError } from "../../shell/api";
import { t } from "../../shell/i18n";
import type { Me, SessionState } from "../../shell/session";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";

/** The admin pages, in menu order, each with the permission the API asks for it. */
export const ADMIN_SECTIONS = [
  { id: "members", permission: "core.members.manage" },
  { id: "invitations", permission: "core.invitations.manage" },
  { id: "teams", permission: "core.teams.manage" },
  { id: "roles", permission: "core.grants.manage" },
  { id: "plugins", permission: "core.plugins.manage" },
  { id: "audit", permission: "core.audit.read" },
  { id: "organization", permission: "core.organization.update" },
] as const;

export type AdminSectionId = (typeof ADMIN_SECTIONS)[number]["id"];

/** The admin pages `me` may open in their current organization. */
export function adminSections(me: Me): AdminSectionId[] {
  return ADMIN_SECTIONS.filter((s) => me.permissions.includes(s.permission)).map((s) => s.id);
}

/** Fired (bubbling) when the API refuses an admin page to the user (403). */
export const ADMIN_REFUSED_EVENT = "lasuite-admin-refused";

export const ROLES = ["owner", "admin", "member", "guest"] as const;

export function roleName(role: string): string {
  const name = t(`role.${role}`);
  return name.startsWith("role.") ? role : name;
}

/** The roles `me` may give: only owners make owners (the API refuses the others). */
export function assignableRoles(me: Me): string[] {
  return ROLES.filter((role) => role !== "owner" || me.role === "owner");
}

/** A sentence for an error of the API (its own detail) or of the network. */
export function formatDate(value: string): string {
  return new Date(value).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: "short",
    timeStyle: "short",
  });
}

/**
 * An admin page: `load()` its data when shown; `act()` around each change, which
 * says the result in the live status or the error in an alert that takes the focus.
 */
export abstract class AdminSection extends LightElement {
  @property({ attribute: false }) state!: SessionState;

  @state() protected loaded = false;
  @state() protected error = "";
  @state() protected status = "";

  protected abstract load(): Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  protected async reload(): Promise<void> {
    try {
      await this.load();
      this.loaded = true;
    } catch (error) {
      this.fail(error);
    }
  }

  /** Run a change; on success announce `done` (if any) and return true. */
  protected async act(work: () => Promise<unknown>, done = ""): Promise<boolean> {
    this.error = "";
    this.status = "";
    try {
      await work();
      this.status = done;
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  protected fail(error: unknown): void {
    if (error instanceof ApiError && error.status === 403) {
      this.dispatchEvent(new CustomEvent(ADMIN_REFUSED_EVENT, { bubbles: true }));
      return;
    }
    console.warn("lasuite admin:", error);
    this.error = errorText(error);
    void this.updateComplete.then(() =>
      this.querySelector<HTMLElement>(".lasuite-admin-error")?.focus(),
    );
  }

  /** Move the focus to `selector` once the page has rendered the change. */
  protected async focusAfterRender(selector: string): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>(selector)?.focus();
  }

  protected renderMessages() {
    return html`${this.error
        ? html`<div
            class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w lasuite-admin-error"
            role="alert"
            tabindex="-1"
          >
            <p>${this.error}</p>
          </div>`
        : nothing}
      <div class="lasuite-admin-status" role="status" aria-live="polite">
        ${this.status
          ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w">
              <p>${this.status}</p>
            </div>`
          : nothing}
      </div>
      ${this.loaded ? nothing : html`<p role="status">${t("admin.loading")}</p>`}`;
  }
}
