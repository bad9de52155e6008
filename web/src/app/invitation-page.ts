// <lasuite-invitation-page>: /invitations/accept, where the link of an invitation
// e-mail leads. It says who invites the person to which organization, then lets them
// join: with the account they are signed in with, by signing in, or by making an
// account. The app renders the same element signed out and signed in, so that a
// sign-in (or sign-up) in the page keeps what the page knows.
import { html, nothing, type LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../shell/api";
import { locale, t } from "../shell/i18n";
import { navigate } from "../shell/router";
import { session, type Providers, type SessionState } from "../shell/session";
import {
  acceptInvitation,
  failureMessage,
  isDeadLink,
  previewInvitation,
  refusalMessage,
  signUpWithInvitation,
  type InvitationPreview,
  type JoinedOrganization,
} from "./invitation";
import "./invitation-signup";
import type { SignUp } from "./invitation-signup";
import { forgetInvitationToken, pendingInvitationToken } from "./invitation-token";
import { LightElement } from "./light-element";
import "./login-page";

/** The page's path, as the invitation e-mail links to it. */
export const INVITATION_PATH = "/invitations/accept";

type View =
  | { kind: "loading" }
  | { kind: "no-token" }
  /** The invitation cannot be shown or used; `retry` when trying again may help. */
  | { kind: "refused"; message: string; retry: boolean }
  | { kind: "ready"; preview: InvitationPreview };

@customElement("lasuite-invitation-page")
export class LasuiteInvitationPage extends LightElement {
  @property({ attribute: false }) state: SessionState | null = null;
  @property({ attribute: false }) providers: Providers = { local: true, oidc: false };

  @state() private view: View = { kind: "loading" };
  /** A failed step the person can try again (the invitation still stands). */
  @state() private alert = "";
  @state() private busy = false;
  /** The sign-in methods are shown rather than the sign-up form. */
  @state() private signingIn = false;
  /** Joined: the workspace is being opened in the organization. */
  @state() private joined: JoinedOrganization | null = null;

  private token: string | null = null;
  private previewed: Promise<void> = Promise.resolve();

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.view.kind !== "loading" || this.token) return;
    this.token = pendingInvitationToken();
    if (this.token) this.previewed = this.loadPreview(this.token);
    else this.view = { kind: "no-token" };
  }

  /** Complete once the invitation is known: the app titles the page and focuses its
   * heading then, when they say what the invitation is (not "Loading"). */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.previewed;
    return super.getUpdateComplete();
  }

  private async loadPreview(token: string): Promise<void> {
    this.view = { kind: "loading" };
    try {
      const preview = await previewInvitation(token);
      this.signingIn = preview.has_account || !preview.local_accounts;
      this.view = { kind: "ready", preview };
    } catch (error) {
      this.refuse(error, "preview");
    }
  }

  private async retry(): Promise<void> {
    if (!this.token) return;
    this.previewed = this.loadPreview(this.token);
    await this.previewed;
    await this.focusAfterRender("h1");
  }

  /** Show why `what` failed: in place of the invitation when the link is dead. */
  private refuse(
    error: unknown,
    what: "preview" | "signup" | "accept",
    preview?: InvitationPreview,
  ): void {
    const message = refusalMessage(error, what, preview);
    const alreadyMember = what === "accept" && error instanceof ApiError && error.status === 409;
    if (isDeadLink(error) || alreadyMember) {
      forgetInvitationToken();
      this.view = { kind: "refused", message, retry: false };
    } else if (what === "preview") {
      this.view = { kind: "refused", message, retry: true };
    } else {
      this.alert = message;
    }
  }

  private async join(
    what: "signup" | "accept",
    preview: InvitationPreview,
    request: () => Promise<JoinedOrganization>,
  ): Promise<void> {
    this.busy = true;
    this.alert = "";
    let joined: JoinedOrganization;
    try {
      joined = await request();
    } catch (error) {
      this.busy = false;
      // The address has an account: the way in is signing in with it.
      if (what === "signup" && error instanceof ApiError && error.status === 409) {
        this.signingIn = true;
      }
      this.refuse(error, what, preview);
      await this.focusAfterRender("#lasuite-invitation-alert");
      return;
    }
    forgetInvitationToken();
    this.joined = joined;
    await this.openWorkspace(joined, what === "signup");
  }

  /** Act in the organization joined and go where the invitation leads. */
  private async openWorkspace(joined: JoinedOrganization, newSession: boolean): Promise<void> {
    try {
      if (newSession) await session.load();
      await session.switchOrganization(joined.slug);
    } catch (error) {
      console.error("lasuite: could not switch to the organization joined:", error);
      this.busy = false;
      this.alert = t("invitation.error.switch", { organization: joined.name });
      await this.focusAfterRender("#lasuite-invitation-alert");
      return;
    }
    navigate(workspacePath(joined.landing));
  }

  private async signOut(): Promise<void> {
    this.alert = "";
    try {
      await session.signOut();
    } catch (error) {
      this.alert = failureMessage(error);
      await this.focusAfterRender("#lasuite-invitation-alert");
      return;
    }
    await this.focusAfterRender("h1");
  }

  private async showSignIn(signingIn: boolean): Promise<void> {
    this.signingIn = signingIn;
    this.alert = "";
    const first = signingIn ? "#lasuite-email, #lasuite-proconnect" : "#lasuite-signup-name";
    await this.focusAfterRender(first);
  }

  private async focusAfterRender(selector: string): Promise<void> {
    await this.updateComplete;
    // The forms are elements of their own, rendered after this one.
    const forms = this.querySelectorAll<LitElement>("lasuite-login-page, lasuite-invitation-signup");
    await Promise.all([...forms].map((form) => form.updateComplete));
    this.querySelector<HTMLElement>(selector)?.focus();
  }

  protected override render() {
    return html`<div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
        <div class="fr-background-alt--grey fr-px-4w fr-px-md-8w fr-py-6w lasuite-invitation">
          ${this.renderView()}
        </div>
      </div>
    </div>`;
  }

  private renderView() {
    switch (this.view.kind) {
      case "loading":
        return html`<h1 tabindex="-1">${t("invitation.title")}</h1>
          <p role="status">${t("loading")}</p>`;
      case "no-token":
        return this.renderRefusal(t("invitation.error.noToken"), false);
      case "refused":
        return this.renderRefusal(this.view.message, this.view.retry);
      case "ready":
        return this.renderInvitation(this.view.preview);
    }
  }

  private renderRefusal(message: string, retry: boolean) {
    return html`<h1 tabindex="-1">${t("invitation.title")}</h1>
      <div
        class="fr-alert fr-alert--error fr-mb-4w"
        id="lasuite-invitation-alert"
        role="alert"
        tabindex="-1"
      >
        <p>${message}</p>
      </div>
      ${retry
        ? html`<button class="fr-btn" type="button" @click=${() => void this.retry()}>
            ${t("error.retry")}
          </button>`
        : html`<a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/">
            ${t("notFound.back")}
          </a>`}`;
  }

  private renderInvitation(preview: InvitationPreview) {
    const organization = preview.organization;
    const role = t(`invitation.as.${preview.role}`);
    return html`<h1 tabindex="-1">${t("invitation.join", { organization })}</h1>
      <p class="fr-text--lead">
        ${preview.invited_by
          ? t("invitation.invitedBy", { inviter: preview.invited_by, organization, role })
          : t("invitation.invited", { organization, role })}
      </p>
      ${preview.note ? html`<p>${t("invitation.note", { note: preview.note })}</p>` : nothing}
      <p>
        ${t("invitation.sentTo", { email: preview.email })}
        ${t("invitation.expires", { date: longDate(preview.expires_at) })}
      </p>
      ${this.alert
        ? html`<div
            class="fr-alert fr-alert--error fr-alert--sm fr-mb-4w"
            id="lasuite-invitation-alert"
            role="alert"
            tabindex="-1"
          >
            <p>${this.alert}</p>
          </div>`
        : nothing}
      ${this.joined
        ? this.renderJoined(this.joined)
        : this.state
          ? this.renderSignedIn(preview, this.state)
          : this.renderSignedOut(preview)}`;
  }

  private renderJoined(joined: JoinedOrganization) {
    return this.busy
      ? html`<p role="status">${t("invitation.opening", { organization: joined.name })}</p>`
      : html`<a class="fr-btn" href="/">${t("notFound.back")}</a>`;
  }

  private renderSignedIn(preview: InvitationPreview, state: SessionState) {
    const me = state.me.email;
    if (me.toLowerCase() !== preview.email.toLowerCase()) {
      return html`<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-4w">
          <p>${t("invitation.otherAccount", { email: preview.email, me })}</p>
        </div>
        <button class="fr-btn fr-btn--secondary" type="button" @click=${() => void this.signOut()}>
          ${t("invitation.signOut")}
        </button>`;
    }
    const token = this.token ?? "";
    return html`<p>${t("invitation.joinAs", { organization: preview.organization, me })}</p>
      <button
        class="fr-btn fr-btn--lg"
        type="button"
        id="lasuite-invitation-join"
        ?disabled=${this.busy}
        @click=${() => void this.join("accept", preview, () => acceptInvitation(token))}
      >
        ${t("invitation.join", { organization: preview.organization })}
      </button>`;
  }

  private renderSignedOut(preview: InvitationPreview) {
    const { email, organization } = preview;
    if (this.signingIn) {
      return html`<p>
          ${preview.has_account
            ? t("invitation.accountExists", { email, organization })
            : t("invitation.signInFirst", { organization })}
        </p>
        <lasuite-login-page
          embedded
          .providers=${this.providers}
          .email=${email}
          .invitation=${this.token}
        ></lasuite-login-page>
        ${preview.local_accounts && !preview.has_account
          ? html`<p class="fr-mt-4w fr-mb-0">
              ${t("invitation.noAccount")}
              <button class="fr-link" type="button" @click=${() => void this.showSignIn(false)}>
                ${t("invitation.signUpInstead")}
              </button>
            </p>`
          : nothing}`;
    }
    const token = this.token ?? "";
    const signUp = (event: CustomEvent<SignUp>) =>
      void this.join("signup", preview, () =>
        signUpWithInvitation(token, event.detail.displayName, event.detail.password),
      );
    return html`${this.providers.oidc ? this.renderProConnect() : nothing}
      <lasuite-invitation-signup
        .email=${email}
        ?busy=${this.busy}
        @lasuite-invitation-sign-up=${signUp}
      ></lasuite-invitation-signup>
      ${this.providers.local
        ? html`<p class="fr-mt-4w fr-mb-0">
            ${t("invitation.haveAccount")}
            <button class="fr-link" type="button" @click=${() => void this.showSignIn(true)}>
              ${t("invitation.signInInstead")}
            </button>
          </p>`
        : nothing}`;
  }

  /** ProConnect alone (the sign-up form follows): it accepts the invitation too. */
  private renderProConnect() {
    return html`<lasuite-login-page
        embedded
        .providers=${{ local: false, oidc: true }}
        .invitation=${this.token}
      ></lasuite-login-page>
      <p class="fr-hr-or">${t("login.or")}</p>`;
  }
}

/** The workspace path an invitation leads to, never another site (home by default). */
function workspacePath(landing: string | null): string {
  return landing && landing.startsWith("/") && !landing.startsWith("//") ? landing : "/";
}

function longDate(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(new Date(iso));
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-invitation-page": LasuiteInvitationPage;
  }
}
