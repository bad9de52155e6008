// <lasuite-app>: the page — sign-in or the workspace — for the current path.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { UNAUTHENTICATED_EVENT } from "../shell/api";
import { attentionCount, onAttention } from "../shell/attention";
import { t } from "../shell/i18n";
import { errorText } from "../shell/errors";
import { currentPath, navigate, ROUTE_EVENT } from "../shell/router";
import { session, type FragmentRef, type Providers, type SessionState } from "../shell/session";
import "./fragment";
import "./admin/admin-page";
import "./header";
import { SIGN_OUT_EVENT, SWITCH_ORGANIZATION_EVENT } from "./header";
import "./invitation-page";
import { INVITATION_PATH } from "./invitation-page";
import "./password-reset-page";
import { PASSWORD_RESET_PATH } from "./password-reset-page";
import { LightElement } from "./light-element";
import { followWorkspace } from "./live-workspace";
import "./login-page";
import "./pages";
import "./search-page";

type Status = "loading" | "ready" | "failed";

@customElement("lasuite-app")
export class LasuiteApp extends LightElement {
  @state() private status: Status = "loading";
  @state() private session: SessionState | null = null;
  @state() private providers: Providers = { local: true, oidc: false };
  /** Pages for visitors who are not signed in, by plugin (its first path segment). */
  @state() private publicPages: Record<string, FragmentRef> = {};
  @state() private path = currentPath();
  @state() private alert = "";
  /** A change made elsewhere (a plugin switched off, a membership ended). */
  @state() private notice = "";

  private stopSession?: () => void;
  private stopLive?: () => void;
  private stopAttention?: () => void;
  /** Move the focus to the new page's title once it is shown (not on first load). */
  private focusTitle = false;
  /** Tells the page the header's height (`--lasuite-top`): modules fill the window under it. */
  private readonly headerHeight = new ResizeObserver((entries) => {
    const height = Math.ceil(entries[0]?.borderBoxSize[0]?.blockSize ?? 0);
    document.documentElement.style.setProperty("--lasuite-top", `${height}px`);
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopSession = session.subscribe((next) => {
      const signedIn = !this.session && next;
      this.session = next;
      // After the sign-in form, not when the page opens on an existing session.
      if (signedIn && this.status === "ready") this.focusTitle = true;
    });
    this.stopLive = followWorkspace((notice) => (this.notice = notice));
    this.stopAttention = onAttention(() => (document.title = this.pageTitle()));
    window.addEventListener("popstate", this.onRoute);
    window.addEventListener(ROUTE_EVENT, this.onRoute);
    window.addEventListener(UNAUTHENTICATED_EVENT, this.onUnauthenticated);
    this.addEventListener(SWITCH_ORGANIZATION_EVENT, this.onSwitch);
    this.addEventListener(SIGN_OUT_EVENT, this.onSignOut);
    void this.start();
  }

  protected override firstUpdated(): void {
    const header = this.querySelector("lasuite-header");
    if (header) this.headerHeight.observe(header);
  }

  override disconnectedCallback(): void {
    this.headerHeight.disconnect();
    this.stopSession?.();
    this.stopLive?.();
    this.stopAttention?.();
    window.removeEventListener("popstate", this.onRoute);
    window.removeEventListener(ROUTE_EVENT, this.onRoute);
    window.removeEventListener(UNAUTHENTICATED_EVENT, this.onUnauthenticated);
    this.removeEventListener(SWITCH_ORGANIZATION_EVENT, this.onSwitch);
    this.removeEventListener(SIGN_OUT_EVENT, this.onSignOut);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    this.status = "loading";
    try {
      const [providers, pages] = await Promise.all([
        session.providers(),
        session.publicPages(),
        session.load(),
      ]);
      this.providers = providers;
      this.publicPages = Object.fromEntries(pages.map((page) => [page.plugin, page]));
      this.status = "ready";
    } catch (error) {
      console.error("lasuite: the workspace could not be loaded:", error);
      this.status = "failed";
    }
  }

  private readonly onRoute = (): void => {
    if (currentPath() === this.path) return; // an anchor in the page (skip link), not a page
    this.path = currentPath();
    this.alert = "";
    this.notice = "";
    this.focusTitle = true;
  };

  private readonly onUnauthenticated = (): void => session.clear();

  private readonly onSwitch = async (event: Event): Promise<void> => {
    this.alert = "";
    try {
      await session.switchOrganization((event as CustomEvent<string>).detail);
      navigate("/");
    } catch (error) {
      this.alert = `${t("switch.failed")} — ${errorText(error)}`;
    }
  };

  private readonly onSignOut = async (): Promise<void> => {
    try {
      await session.signOut();
    } finally {
      session.clear();
      navigate("/", { replace: true });
    }
  };

  protected override async updated(): Promise<void> {
    if (this.session && this.path === "/login") navigate("/", { replace: true });
    // The page is a child element: its heading exists once it has rendered too.
    const page = this.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(
      "main > :is(lasuite-login-page, lasuite-home-page, lasuite-plugin-page, lasuite-profile-page, lasuite-not-found-page, lasuite-admin-page, lasuite-search-page, lasuite-invitation-page, lasuite-password-reset-page)",
    );
    await page?.updateComplete?.catch(() => undefined);
    document.title = this.pageTitle();
    if (this.focusTitle && this.status === "ready") {
      this.focusTitle = false;
      this.querySelector<HTMLElement>("main h1")?.focus();
    }
  }

  private pageTitle(): string {
    const title = this.querySelector("main h1")?.textContent?.trim();
    const page = title && title !== t("app.name") ? `${title} — ${t("app.name")}` : t("app.name");
    const waiting = this.session ? attentionCount() : 0;
    return waiting ? `(${waiting}) ${page}` : page;
  }

  protected override render() {
    return html`<div class="fr-skiplinks">
        <nav class="fr-container" role="navigation" aria-label=${t("skip.label")}>
          <ul class="fr-skiplinks__list">
            <li><a class="fr-link" href="#lasuite-main">${t("skip.content")}</a></li>
            ${this.session
              ? html`<li><a class="fr-link" href="#lasuite-navigation">${t("skip.nav")}</a></li>`
              : nothing}
          </ul>
        </nav>
      </div>
      <lasuite-header .state=${this.session} .path=${this.path}></lasuite-header>
      <main
        id="lasuite-main"
        role="main"
        tabindex="-1"
        class="fr-container lasuite-main ${this.inModule ? "fr-py-2w lasuite-main--module" : "fr-py-6w"}"
      >
        ${this.alert
          ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-4w" role="alert">
              <p>${this.alert}</p>
            </div>`
          : nothing}
        ${this.notice
          ? html`<div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w" role="status" id="lasuite-notice">
              <p>${this.notice}</p>
            </div>`
          : nothing}
        ${this.renderPage()}
      </main>
      ${this.inModule ? nothing : this.renderFooter()}`;
  }

  /** A page of the workspace's modules or its administration, which fill the window
   * under the header (no footer); the home and the pages signed out have the footer. */
  private get inModule(): boolean {
    const first = this.path.split("/")[1] ?? "";
    return this.session !== null && this.status === "ready" && !["", "login"].includes(first);
  }

  private renderPage() {
    if (this.status === "loading") {
      return html`<p class="lasuite-loading" role="status">${t("loading")}</p>`;
    }
    if (this.status === "failed") {
      return html`<h1 tabindex="-1">${t("error.title")}</h1>
        <p>${t("error.network")}</p>
        <button class="fr-btn" type="button" @click=${() => void this.start()}>
          ${t("error.retry")}
        </button>`;
    }
    if (this.path === PASSWORD_RESET_PATH) {
      return html`<lasuite-password-reset-page></lasuite-password-reset-page>`;
    }
    if (this.path === INVITATION_PATH) {
      // One element signed out and signed in: signing in from it keeps what it shows.
      return html`<lasuite-invitation-page
        .state=${this.session}
        .providers=${this.providers}
      ></lasuite-invitation-page>`;
    }
    const [, first = "", ...rest] = this.path.split("/");
    if (!this.session) {
      const visitorPage = this.publicPages[first];
      return visitorPage
        ? html`<lasuite-fragment .ref=${visitorPage}></lasuite-fragment>`
        : html`<lasuite-login-page .providers=${this.providers}></lasuite-login-page>`;
    }
    switch (first) {
      case "":
      case "login":
        return html`<lasuite-home-page .state=${this.session}></lasuite-home-page>`;
      case "profile":
        return rest.length
          ? html`<lasuite-not-found-page></lasuite-not-found-page>`
          : html`<lasuite-profile-page .state=${this.session}></lasuite-profile-page>`;
      case "search":
        return rest.length
          ? html`<lasuite-not-found-page></lasuite-not-found-page>`
          : html`<lasuite-search-page .state=${this.session}></lasuite-search-page>`;
      case "admin":
        return html`<lasuite-admin-page
          .state=${this.session}
          .parts=${rest.filter(Boolean)}
        ></lasuite-admin-page>`;
      default:
        return html`<lasuite-plugin-page
          .state=${this.session}
          .plugin=${first}
        ></lasuite-plugin-page>`;
    }
  }

  private renderFooter() {
    return html`<footer class="fr-footer" role="contentinfo" id="lasuite-footer">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href="/" title=${t("app.homeLink")}>
              <p class="fr-logo">${t("brand.line1")}<br />${t("brand.line2")}</p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">${t("footer.description")}</p>
            <ul class="fr-footer__content-list">
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="/api/docs">${t("footer.api")}</a>
              </li>
            </ul>
          </div>
        </div>
      </div>
    </footer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-app": LasuiteApp;
  }
}
