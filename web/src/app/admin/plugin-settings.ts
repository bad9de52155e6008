// /admin/plugins/<id>: a plugin's settings for the organization, in a form
// generated from its JSON Schema. Saving sends the version read, so that two
// admins editing at once never overwrite each other silently (409: reload).
// A plugin with a `settings.org` fragment shows its own element instead (given
// `plugin`, `settings` and `version`; it saves through the same API), with the
// generated form a click away, and in its place when the module fails.
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { api, ApiError } from "../../shell/api";
import { t } from "../../shell/i18n";
import { session, type FragmentRef } from "../../shell/session";
import "../fragment";
import { PLUGINS_URL, type OrgPlugin } from "./plugins";
import { fieldsOf, fromRaw, problemOf, toRaw, type Field, type JsonSchema, type Raw } from "./schema";
import { AdminSection } from "./section";
import { pluginName } from "../plugin-names";

interface PluginSettings {
  values: Record<string, unknown>;
  version: number;
  schema: JsonSchema;
}

interface FieldError {
  key?: string;
  message?: string;
}

@customElement("lasuite-admin-plugin-settings")
export class LasuiteAdminPluginSettings extends AdminSection {
  @property() plugin = "";

  @state() private name = "";
  @state() private fields: Field[] = [];
  @state() private draft: Record<string, Raw> = {};
  @state() private problems: Record<string, string> = {};
  @state() private conflict = false;
  @state() private saving = false;
  /** The generated form is shown although the plugin has its own element. */
  @state() private generic = false;
  @state() private customFailed = false;
  @state() private properties: Record<string, unknown> = {};
  private values: Record<string, unknown> = {};
  private version = 0;

  protected async load(): Promise<void> {
    const [settings, plugins] = await Promise.all([
      api.get<PluginSettings>(`${PLUGINS_URL}/${this.plugin}/settings`),
      api.get<OrgPlugin[]>(PLUGINS_URL),
    ]);
    const plugin = plugins.find((p) => p.id === this.plugin);
    this.name = plugin ? pluginName(plugin) : this.plugin;
    this.show(settings);
  }

  private show(settings: PluginSettings): void {
    this.fields = fieldsOf(settings.schema);
    this.values = settings.values;
    this.version = settings.version;
    this.properties = { plugin: this.plugin, settings: settings.values, version: settings.version };
    this.draft = Object.fromEntries(this.fields.map((f) => [f.key, toRaw(f, settings.values[f.key])]));
    this.problems = {};
    this.conflict = false;
  }

  private edit(field: Field, raw: Raw): void {
    this.draft = { ...this.draft, [field.key]: raw };
    if (this.problems[field.key]) {
      this.problems = { ...this.problems, [field.key]: problemOf(field, raw) };
    }
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const problems = Object.fromEntries(
      this.fields.map((f) => [f.key, problemOf(f, this.draft[f.key] ?? "")]).filter(([, p]) => p),
    );
    this.problems = problems;
    if (Object.keys(problems).length) {
      this.error = "";
      this.status = t("admin.settings.invalid");
      await this.focusFirstProblem();
      return;
    }
    const values = { ...this.values };
    for (const field of this.fields) values[field.key] = fromRaw(field, this.draft[field.key] ?? "");
    this.saving = true;
    this.conflict = false;
    const saved = await this.act(async () => {
      try {
        const answer = await api.put<PluginSettings>(`${PLUGINS_URL}/${this.plugin}/settings`, {
          values,
          version: this.version,
        });
        this.show(answer);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) this.conflict = true;
        if (error instanceof ApiError && error.status === 400) this.showFieldErrors(error);
        throw error;
      }
    }, t("admin.settings.saved"));
    this.saving = false;
    if (!saved && Object.keys(this.problems).length) await this.focusFirstProblem();
  }

  /** The API's messages next to their fields; the others stay in the alert. */
  private showFieldErrors(error: ApiError): void {
    const fields = error.fields as unknown;
    const list: FieldError[] = Array.isArray(fields) ? (fields as FieldError[]) : [];
    const problems: Record<string, string> = {};
    for (const item of list) {
      const key = (item.key ?? "").split(".")[0] ?? "";
      if (this.fields.some((f) => f.key === key)) problems[key] = item.message ?? "";
    }
    this.problems = problems;
  }

  private async focusFirstProblem(): Promise<void> {
    const first = this.fields.find((f) => this.problems[f.key]);
    if (first) await this.focusAfterRender(`#lasuite-setting-${first.key}`);
  }

  private async reloadSettings(): Promise<void> {
    this.error = "";
    await this.reload();
    this.status = t("admin.settings.reloaded");
    await this.focusAfterRender("#lasuite-settings-form");
  }

  /** The plugin's own settings element, when it declares one and is enabled. */
  private customRef(): FragmentRef | undefined {
    return session.current?.workspace.slots["settings.org"]?.find((r) => r.plugin === this.plugin);
  }

  private async showForm(generic: boolean): Promise<void> {
    this.generic = generic;
    this.status = "";
    // The plugin's element may have saved meanwhile: edit the current version.
    await this.reload();
  }

  private renderSettings() {
    const ref = this.customRef();
    if (!ref) return this.renderForm();
    const other = html`<p>
      <button
        type="button"
        class="fr-link fr-icon-settings-5-line fr-link--icon-left"
        id="lasuite-settings-switch"
        @click=${() => void this.showForm(!this.generic)}
      >
        ${this.generic ? t("admin.settings.custom") : t("admin.settings.generic")}
      </button>
    </p>`;
    if (this.generic) return html`${other}${this.renderForm()}`;
    return html`${this.customFailed ? nothing : other}
      <div class="lasuite-settings-fragment">
        <lasuite-fragment
          .ref=${ref}
          .pluginName=${this.name}
          .properties=${this.properties}
          @lasuite-fragment-failed=${() => (this.customFailed = true)}
        ></lasuite-fragment>
      </div>
      ${this.customFailed ? this.renderForm() : nothing}`;
  }

  protected override render() {
    return html`<p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/admin/plugins"
          >${t("admin.settings.back")}</a
        >
      </p>
      ${this.loaded ? html`<h2>${t("admin.settings.title", { name: this.name })}</h2>` : nothing}
      ${this.renderMessages()}
      ${this.conflict
        ? html`<p>
            <button
              type="button"
              class="fr-btn fr-btn--secondary fr-icon-refresh-line fr-btn--icon-left"
              @click=${() => void this.reloadSettings()}
            >
              ${t("admin.settings.reload")}
            </button>
          </p>`
        : nothing}
      ${this.loaded ? this.renderSettings() : nothing}`;
  }

  private renderForm() {
    return html`<form id="lasuite-settings-form" tabindex="-1" novalidate @submit=${this.save}>
      ${this.fields.map((f) => this.renderField(f))}
      <button class="fr-btn" type="submit" ?disabled=${this.saving}>
        ${t("admin.settings.save")}
      </button>
    </form>`;
  }

  private renderField(field: Field) {
    const id = `lasuite-setting-${field.key}`;
    const problem = this.problems[field.key] ?? "";
    const hinted = Boolean(field.hint) || field.kind === "strings";
    const described = [hinted ? `${id}-hint` : "", problem ? `${id}-error` : ""]
      .filter(Boolean)
      .join(" ");
    const raw = this.draft[field.key] ?? "";
    const label = html`${field.label}${field.required
      ? html`<span class="lasuite-required"> ${t("admin.settings.required")}</span>`
      : nothing}`;
    const hint = html`${field.hint}${field.kind === "strings"
      ? html` ${t("admin.settings.onePerLine")}`
      : nothing}`;
    const errorText = problem
      ? html`<p class="fr-error-text" id="${id}-error">${problem}</p>`
      : nothing;
    if (field.kind === "boolean") {
      return html`<div class="fr-toggle fr-mb-3w ${problem ? "fr-toggle--error" : ""}">
        <input
          type="checkbox"
          class="fr-toggle__input"
          id=${id}
          .checked=${live(raw === true)}
          aria-describedby=${described || nothing}
          @change=${(e: Event) => this.edit(field, (e.target as HTMLInputElement).checked)}
        />
        <label
          class="fr-toggle__label"
          for=${id}
          data-fr-checked-label=${t("admin.plugins.on")}
          data-fr-unchecked-label=${t("admin.plugins.off")}
          >${label}</label
        >
        ${field.hint ? html`<p class="fr-hint-text" id="${id}-hint">${hint}</p>` : nothing}
        ${errorText}
      </div>`;
    }
    const group = field.kind === "enum" ? "fr-select-group" : "fr-input-group";
    return html`<div class="${group} ${problem ? `${group}--error` : ""}">
      <label class="fr-label" for=${id}
        >${label}
        ${hinted
          ? html`<span class="fr-hint-text" id="${id}-hint">${hint}</span>`
          : nothing}</label
      >
      ${this.renderControl(field, id, String(raw), described, problem)} ${errorText}
    </div>`;
  }

  private renderControl(field: Field, id: string, raw: string, described: string, problem: string) {
    const s = field.schema;
    const onInput = (e: Event) => this.edit(field, (e.target as HTMLInputElement).value);
    const invalid = problem ? "true" : "false";
    if (field.kind === "enum") {
      return html`<select
        class="fr-select ${problem ? "fr-select--error" : ""}"
        id=${id}
        aria-describedby=${described || nothing}
        aria-invalid=${invalid}
        @change=${onInput}
      >
        ${(s.enum ?? []).map(
          (option, index) =>
            html`<option value=${index} ?selected=${String(index) === raw}>${String(option)}</option>`,
        )}
      </select>`;
    }
    if (field.kind === "strings" || field.kind === "other") {
      return html`<textarea
        class="fr-input ${problem ? "fr-input--error" : ""}"
        id=${id}
        rows="4"
        ?readonly=${field.kind === "other"}
        aria-describedby=${described || nothing}
        aria-invalid=${invalid}
        .value=${live(raw)}
        @input=${onInput}
      ></textarea>`;
    }
    const numeric = field.kind === "integer" || field.kind === "number";
    return html`<input
      class="fr-input ${problem ? "fr-input--error" : ""}"
      id=${id}
      type=${numeric ? "number" : "text"}
      inputmode=${field.kind === "integer" ? "numeric" : field.kind === "number" ? "decimal" : nothing}
      step=${field.kind === "integer" ? "1" : field.kind === "number" ? "any" : nothing}
      min=${numeric && s.minimum !== undefined ? s.minimum : nothing}
      max=${numeric && s.maximum !== undefined ? s.maximum : nothing}
      minlength=${s.minLength ?? nothing}
      maxlength=${s.maxLength ?? nothing}
      ?required=${field.required || (s.minLength ?? 0) > 0}
      aria-describedby=${described || nothing}
      aria-invalid=${invalid}
      .value=${live(raw)}
      @input=${onInput}
    />`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-admin-plugin-settings": LasuiteAdminPluginSettings;
  }
}
