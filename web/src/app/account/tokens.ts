// <lasuite-account-tokens>: the caller's personal API tokens in this organization:
// the list, a new one (its secret shown once, as the API gives it), revoking one.
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../shell/api";
import { t } from "../../shell/i18n";
import type { SessionState } from "../../shell/session";
import { confirmAction } from "../admin/confirm";
import { formatDate } from "../admin/section";
import { inputField } from "../field";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";
import { outcome } from "./outcome";
import { pluginNames } from "../plugin-names";

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  /** The secret: in the answer that created the token only. */
  token?: string;
}

const TOKENS_URL = "/api/v1/auth/tokens";
const LIFETIMES = [30, 90, 365] as const;
const DEFAULT_LIFETIME = 90;
const NAME_MAX_LENGTH = 100;

/** One `<namespace>.*` scope per area the caller has permissions in (core, each plugin). */
export function scopeChoices(state: SessionState): { scope: string; label: string }[] {
  const names = pluginNames(state.workspace.plugins);
  const namespaces = [...new Set(state.me.permissions.map((p) => p.split(".")[0] ?? p))].sort();
  return namespaces.map((namespace) => ({
    scope: `${namespace}.*`,
    label: namespace === "core" ? t("account.tokens.coreScope") : (names.get(namespace) ?? namespace),
  }));
}

@customElement("lasuite-account-tokens")
export class LasuiteAccountTokens extends LightElement {
  @property({ attribute: false }) state!: SessionState;

  @state() private tokens: Token[] | null = null;
  /** The token just created, with its secret (never listed again). */
  @state() private issued: Token | null = null;
  @state() private problems: { name?: string; scopes?: string } = {};
  @state() private error = "";
  @state() private status = "";
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.run(async () => {
      this.tokens = await api.get<Token[]>(TOKENS_URL);
    });
  }

  /** Run a request; on success announce `done` (if any) and return true. */
  private async run(work: () => Promise<unknown>, done = ""): Promise<boolean> {
    this.error = "";
    this.status = "";
    try {
      await work();
      this.status = done;
      return true;
    } catch (error) {
      this.error = errorText(error);
      return false;
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const scopes = data.getAll("scopes").map(String);
    const days = Number(data.get("expires_in_days") ?? DEFAULT_LIFETIME);
    this.problems = {
      ...(name ? {} : { name: t("account.tokens.nameMissing") }),
      ...(scopes.length ? {} : { scopes: t("account.tokens.scopesMissing") }),
    };
    if (this.problems.name || this.problems.scopes) {
      await this.updateComplete;
      const first = this.problems.name ? "#lasuite-token-name" : "#lasuite-token-scopes input";
      this.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    this.issued = null;
    this.busy = true;
    const created = await this.run(async () => {
      const body = { name, scopes, expires_in_days: days };
      try {
        this.issued = await api.post<Token>(TOKENS_URL, body);
      } catch (error) {
        if (error instanceof ApiError && error.code === "invalid_input") {
          this.problems = { scopes: t("account.tokens.scopesRefused") };
        }
        throw error;
      }
      this.tokens = await api.get<Token[]>(TOKENS_URL);
    }, t("account.tokens.created", { name }));
    this.busy = false;
    if (created) {
      form.reset();
      await this.updateComplete;
      this.querySelector<HTMLElement>("#lasuite-token-secret")?.focus();
    }
  }

  private async revoke(token: Token): Promise<void> {
    const confirmed = await confirmAction({
      title: t("account.tokens.revokeTitle", { name: token.name }),
      body: t("account.tokens.revokeBody"),
      confirm: t("account.tokens.revoke"),
    });
    if (!confirmed) return;
    const revoked = await this.run(async () => {
      await api.delete(`${TOKENS_URL}/${token.id}`);
      this.tokens = (this.tokens ?? []).filter((other) => other.id !== token.id);
      if (this.issued?.id === token.id) this.issued = null;
    }, t("account.tokens.revoked", { name: token.name }));
    if (revoked) {
      await this.updateComplete;
      this.querySelector<HTMLElement>("#lasuite-tokens-list-title")?.focus();
    }
  }

  private async copy(secret: string): Promise<void> {
    await this.run(() => navigator.clipboard.writeText(secret), t("account.tokens.copied"));
  }

  protected override render() {
    return html`${this.renderMessages()} ${this.renderIssued()} ${this.renderForm()}
      <h3 class="fr-h5" id="lasuite-tokens-list-title" tabindex="-1">
        ${t("account.tokens.listTitle")}
      </h3>
      ${this.tokens === null ? html`<p>${t("account.tokens.loading")}</p>` : this.renderList()}`;
  }

  private renderMessages() {
    return html`${outcome(this.error, this.status)}`;
  }

  private renderIssued() {
    const secret = this.issued?.token;
    if (!this.issued || !secret) return nothing;
    return html`<div class="fr-callout fr-mb-4w lasuite-token-issued">
      <h3 class="fr-callout__title fr-h6">
        ${t("account.tokens.secretTitle", { name: this.issued.name })}
      </h3>
      <p class="fr-callout__text">${t("account.tokens.secretHint")}</p>
      <div class="fr-input-group">
        <label class="fr-label" for="lasuite-token-secret">${t("account.tokens.secret")}</label>
        <input
          class="fr-input"
          id="lasuite-token-secret"
          readonly
          .value=${secret}
          @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
        />
      </div>
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-clipboard-line fr-btn--icon-left"
        @click=${() => void this.copy(secret)}
      >
        ${t("account.tokens.copy")}
      </button>
    </div>`;
  }

  private renderForm() {
    const { name: nameProblem, scopes: scopesProblem } = this.problems;
    return html`<form class="fr-mb-4w" @submit=${this.create} novalidate>
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend">${t("account.tokens.new")}</legend>
        <div class="fr-fieldset__element">
          ${inputField({
            id: "lasuite-token-name",
            name: "name",
            label: t("account.tokens.name"),
            hint: t("account.tokens.nameHint"),
            problem: nameProblem,
            autocomplete: "off",
            maxlength: NAME_MAX_LENGTH,
            required: true,
          })}
        </div>
        <div class="fr-fieldset__element">${this.renderScopes(scopesProblem)}</div>
        <div class="fr-fieldset__element">
          <div class="fr-select-group">
            <label class="fr-label" for="lasuite-token-lifetime">
              ${t("account.tokens.lifetime")}
            </label>
            <select class="fr-select" id="lasuite-token-lifetime" name="expires_in_days">
              ${LIFETIMES.map(
                (days) =>
                  html`<option value=${days} ?selected=${days === DEFAULT_LIFETIME}>
                    ${t("account.tokens.days", { count: days })}
                  </option>`,
              )}
            </select>
          </div>
        </div>
        <div class="fr-fieldset__element">
          <button class="fr-btn" type="submit" ?disabled=${this.busy}>
            ${t("account.tokens.create")}
          </button>
        </div>
      </fieldset>
    </form>`;
  }

  private renderScopes(problem: string | undefined) {
    return html`<fieldset
      class="fr-fieldset ${problem ? "fr-fieldset--error" : ""}"
      id="lasuite-token-scopes"
      aria-labelledby="lasuite-token-scopes-legend"
    >
      <legend class="fr-fieldset__legend fr-text--regular" id="lasuite-token-scopes-legend">
        ${t("account.tokens.scopes")}
        <span class="fr-hint-text">${t("account.tokens.scopesHint")}</span>
      </legend>
      ${scopeChoices(this.state).map(
        ({ scope, label }, index) =>
          html`<div class="fr-fieldset__element">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id="lasuite-token-scope-${index}"
                name="scopes"
                value=${scope}
                @change=${() => (this.problems = { ...this.problems, scopes: undefined })}
              />
              <label class="fr-label" for="lasuite-token-scope-${index}">
                ${label} <code class="fr-ml-1v">${scope}</code>
              </label>
            </div>
          </div>`,
      )}
      ${problem
        ? html`<div class="fr-messages-group" aria-live="polite">
            <p class="fr-message fr-message--error fr-error-text">${problem}</p>
          </div>`
        : nothing}
    </fieldset>`;
  }

  private renderList() {
    const tokens = this.tokens ?? [];
    if (!tokens.length) return html`<p>${t("account.tokens.none")}</p>`;
    return html`<ul class="lasuite-tokens">
      ${tokens.map(
        (token) =>
          html`<li class="lasuite-token fr-card fr-card--sm fr-card--no-arrow fr-mb-2w">
            <div class="fr-card__body">
              <div class="fr-card__content">
                <h4 class="fr-card__title fr-h6">${token.name}</h4>
                <p class="fr-card__desc">
                  <code>lst_${token.prefix}_…</code> — ${token.scopes.join(", ")}
                </p>
                <p class="fr-card__detail">
                  ${t("account.tokens.createdAt", { date: formatDate(token.created_at) })}
                  ·
                  ${token.last_used_at
                    ? t("account.tokens.lastUsed", { date: formatDate(token.last_used_at) })
                    : t("account.tokens.neverUsed")}
                  ${token.expires_at
                    ? html`· ${t("account.tokens.expires", { date: formatDate(token.expires_at) })}`
                    : nothing}
                </p>
              </div>
              <div class="fr-card__footer">
                <button
                  type="button"
                  class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-close-line fr-btn--icon-left"
                  @click=${() => void this.revoke(token)}
                >
                  ${t("account.tokens.revoke")}<span class="fr-sr-only"> ${token.name}</span>
                </button>
              </div>
            </div>
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-tokens": LasuiteAccountTokens;
  }
}
