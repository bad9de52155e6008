// <lasuite-account-notifications>: per kind of notification (a mention, an access
// request, a recording ready…), whether it shows in the workspace and comes by e-mail.
// Each choice is saved as soon as it is made.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../shell/api";
import { LocaleController, locale, t } from "../../shell/i18n";
import { LightElement } from "../light-element";
import { errorText } from "../../shell/errors";
import { outcome } from "./outcome";

interface Preference {
  kind: string;
  description: string;
  descriptions: Record<string, string>;
  plugin_id: string;
  email: boolean;
  in_app: boolean;
}

type Channel = "in_app" | "email";

const PREFERENCES = "/api/v1/notifications/preferences";

@customElement("lasuite-account-notifications")
export class LasuiteAccountNotifications extends LightElement {
  @state() private preferences: Preference[] | null = null;
  @state() private status = "";
  @state() private error = "";
  @state() private saving = "";

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.preferences = await api.get<Preference[]>(PREFERENCES);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  private async choose(preference: Preference, channel: Channel, on: boolean): Promise<void> {
    const chosen = { ...preference, [channel]: on };
    this.saving = preference.kind;
    this.status = "";
    this.error = "";
    try {
      this.preferences = await api.put<Preference[]>(PREFERENCES, [
        { kind: chosen.kind, email: chosen.email, in_app: chosen.in_app },
      ]);
      this.status = t("account.notifications.saved", { kind: described(preference) });
    } catch (error) {
      this.error = errorText(error);
      // The box shows what is saved, not what was refused.
      this.preferences = [...(this.preferences ?? [])];
    } finally {
      this.saving = "";
    }
  }

  private checkbox(preference: Preference, channel: Channel, index: number) {
    const id = `lasuite-notify-${index}-${channel}`;
    return html`<div class="fr-checkbox-group fr-checkbox-group--sm">
      <input
        type="checkbox"
        id=${id}
        .checked=${preference[channel]}
        ?disabled=${this.saving === preference.kind}
        @change=${(event: Event) =>
          void this.choose(preference, channel, (event.target as HTMLInputElement).checked)}
      />
      <label class="fr-label" for=${id}>
        ${channel === "in_app" ? t("account.notifications.inApp") : t("account.notifications.email")}
      </label>
    </div>`;
  }

  protected override render() {
    const preferences = this.preferences;
    return html`<p>${t("account.notifications.intro")}</p>
      ${outcome(this.error, this.status)}
      ${preferences === null
        ? this.error
          ? nothing
          : html`<p>${t("account.notifications.loading")}</p>`
        : preferences.length === 0
          ? html`<p>${t("account.notifications.none")}</p>`
          : preferences.map(
              (preference, index) =>
                html`<fieldset class="fr-fieldset lasuite-notification-kind" data-kind=${preference.kind}>
                  <legend class="fr-fieldset__legend fr-text--regular">${described(preference)}</legend>
                  <div class="fr-fieldset__element fr-fieldset__element--inline">
                    ${this.checkbox(preference, "in_app", index)}
                  </div>
                  <div class="fr-fieldset__element fr-fieldset__element--inline">
                    ${this.checkbox(preference, "email", index)}
                  </div>
                </fieldset>`,
            )}`;
  }
}

function described(preference: Preference): string {
  return preference.descriptions[locale()] ?? preference.description;
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-account-notifications": LasuiteAccountNotifications;
  }
}
