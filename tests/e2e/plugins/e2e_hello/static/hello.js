// A plugin's UI as a third party writes it: plain ES module, Lit and the shell's
// client from the page's import map, its own messages, DSFR classes.
import { LitElement, html } from "lit";
import { LocaleController, addMessages, api, t } from "@lasuite/shell";

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

customElements.define("hello-nav", HelloNav);
customElements.define("hello-notification", HelloNotification);
customElements.define("hello-widget", HelloWidget);
customElements.define("hello-page", HelloPage);
