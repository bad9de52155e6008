// A plugin's UI as a third party writes it: plain ES module, Lit and the shell's
// client from the page's import map, its own messages, DSFR classes.
import { LitElement, html } from "lit";
import { LocaleController, addMessages, api, navigate, t } from "@lasuite/shell";

addMessages({
  fr: {
    "hello.nav": "Bonjour",
    "hello.widgetTitle": "Message du jour",
    "hello.welcome": "Bienvenue, {name} !",
    "hello.greet": "Saluer",
    "hello.count": "Salué {count} fois",
    "hello.pageTitle": "Le module Bonjour",
    "hello.pageBody": "Cette page vient d'un module.",
    "hello.wavedBy": "{name} vous fait signe",
    "hello.create": "Nouvelle salutation",
    "hello.settingsGreeting": "Formule d'accueil du module",
    "hello.settingsSave": "Enregistrer la formule",
    "hello.settingsSaved": "Formule enregistrée (version {version}).",
  },
  en: {
    "hello.nav": "Hello",
    "hello.widgetTitle": "Message of the day",
    "hello.welcome": "Welcome, {name}!",
    "hello.greet": "Greet",
    "hello.count": "Greeted {count} times",
    "hello.pageTitle": "The Hello module",
    "hello.pageBody": "This page comes from a module.",
    "hello.wavedBy": "{name} waves at you",
    "hello.create": "New greeting",
    "hello.settingsGreeting": "The module's greeting",
    "hello.settingsSave": "Save the greeting",
    "hello.settingsSaved": "Greeting saved (version {version}).",
  },
});

/** Light DOM (so DSFR's classes apply) and re-rendered when the language changes. */
class HelloElement extends LitElement {
  constructor() {
    super();
    this.i18n = new LocaleController(this);
  }

  createRenderRoot() {
    return this;
  }
}

class HelloNav extends HelloElement {
  render() {
    return html`<a class="fr-nav__link" href="/hello">${t("hello.nav")}</a>`;
  }
}

class HelloWidget extends HelloElement {
  static properties = { name: { state: true }, count: { state: true } };

  constructor() {
    super();
    this.name = "";
    this.count = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    api.get("/api/v1/hello/greeting").then((body) => (this.name = body.name));
  }

  async greet() {
    this.count = (await api.post("/api/v1/hello/greetings")).count;
  }

  render() {
    return html`<div class="fr-card hello-widget">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">${t("hello.widgetTitle")}</h3>
          <p class="fr-card__desc">${this.name ? t("hello.welcome", { name: this.name }) : ""}</p>
          <p class="fr-card__desc" role="status">
            ${this.count ? t("hello.count", { count: this.count }) : ""}
          </p>
        </div>
        <div class="fr-card__footer">
          <button class="fr-btn fr-btn--secondary" type="button" @click=${this.greet}>
            ${t("hello.greet")}
          </button>
        </div>
      </div>
    </div>`;
  }
}

class HelloPage extends HelloElement {
  render() {
    return html`<h2>${t("hello.pageTitle")}</h2>
      <p>${t("hello.pageBody")}</p>`;
  }
}

/** The `notification` slot: the shell passes the notification as a property. */
class HelloNotification extends HelloElement {
  static properties = { notification: { attribute: false } };

  render() {
    const from = this.notification?.data?.from ?? "";
    return html`<span class="hello-notification">
      <strong>${t("hello.wavedBy", { name: from })}</strong> ${this.notification?.body ?? ""}
    </span>`;
  }
}

/** The `create.menu` slot: its own menu item, which does its own action. */
class HelloCreate extends HelloElement {
  open(event) {
    event.preventDefault();
    navigate("/hello");
  }

  render() {
    return html`<a
      class="lasuite-menu__item fr-icon-add-line fr-link--icon-left"
      role="menuitem"
      href="/hello"
      @click=${this.open}
      >${t("hello.create")}</a
    >`;
  }
}

/** The `settings.org` slot: the shell passes `plugin`, `settings` and `version`;
 * the element saves through the organization's plugin settings API. */
class HelloSettings extends HelloElement {
  static properties = {
    plugin: { attribute: false },
    settings: { attribute: false },
    version: { attribute: false },
    greeting: { state: true },
    saved: { state: true },
    problem: { state: true },
  };

  constructor() {
    super();
    this.greeting = "";
    this.saved = "";
    this.problem = "";
  }

  willUpdate(changed) {
    if (changed.has("settings")) this.greeting = this.settings?.greeting ?? "";
  }

  async save(event) {
    event.preventDefault();
    this.problem = "";
    try {
      const answer = await api.put(`/api/v1/orgs/current/plugins/${this.plugin}/settings`, {
        values: { ...this.settings, greeting: this.greeting },
        version: this.version,
      });
      this.settings = answer.values;
      this.version = answer.version;
      this.saved = t("hello.settingsSaved", { version: answer.version });
    } catch (error) {
      this.problem = error.message;
    }
  }

  render() {
    return html`<form class="hello-settings" @submit=${this.save}>
      <div class="fr-input-group">
        <label class="fr-label" for="hello-settings-greeting">${t("hello.settingsGreeting")}</label>
        <input
          class="fr-input"
          id="hello-settings-greeting"
          .value=${this.greeting}
          @input=${(e) => (this.greeting = e.target.value)}
        />
      </div>
      <button class="fr-btn" type="submit">${t("hello.settingsSave")}</button>
      <p role="status">${this.saved}</p>
      ${this.problem ? html`<p class="fr-error-text">${this.problem}</p>` : ""}
    </form>`;
  }
}

customElements.define("hello-create", HelloCreate);
customElements.define("hello-settings", HelloSettings);
customElements.define("hello-nav", HelloNav);
customElements.define("hello-notification", HelloNotification);
customElements.define("hello-widget", HelloWidget);
customElements.define("hello-page", HelloPage);
