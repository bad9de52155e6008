// Who is signed in, in which organization, and what the workspace holds for them.
import { api, ApiError } from "./api";
import { setLocale, type Locale } from "./i18n";

export interface Membership {
  organization_id: string;
  slug: string;
  name: string;
  role: string;
}

export interface Me {
  id: string;
  email: string;
  display_name: string;
  organization_id: string;
  role: string;
  permissions: string[];
  memberships: Membership[];
  /** Whether the account has a local password (it may change it); false with OIDC only. */
  has_password: boolean;
  /** Whether the person is of the installation's staff (they set organizations' SIRET). */
  is_staff: boolean;
  /** The language the person chose for every device and their e-mails; null until then. */
  locale: Locale | null;
  /** The colour that stands for the person (badge, caret, meeting tile): one of the
   * palette, chosen on "Mon compte" or derived from their id. */
  colour: string;
}

export interface FragmentRef {
  plugin: string;
  element: string;
  /** URL of the ES module defining `element`, served by the app. */
  module: string;
}

export interface WorkspacePlugin {
  id: string;
  name: string;
  description: string;
  /** The name by language code (`en` is `name`). */
  names: Record<string, string>;
  descriptions: Record<string, string>;
  version: string;
}

export interface Workspace {
  user_id: string;
  display_name: string;
  organization_id: string;
  role: string;
  plugins: WorkspacePlugin[];
  slots: Record<string, FragmentRef[]>;
}

export interface Providers {
  local: boolean;
  oidc: boolean;
}

export interface SessionState {
  me: Me;
  workspace: Workspace;
}

type Listener = (state: SessionState | null) => void;

const listeners = new Set<Listener>();
let state: SessionState | null = null;

function publish(next: SessionState | null): void {
  state = next;
  for (const listener of listeners) listener(state);
}

export const session = {
  /** The signed-in user and their workspace, or null. */
  get current(): SessionState | null {
    return state;
  },

  /** The organization the user acts in now. */
  get organization(): Membership | undefined {
    return state?.me.memberships.find((m) => m.organization_id === state?.me.organization_id);
  },

  /** Call `listener` whenever the user, their organization or the workspace changes. */
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** Reload who is signed in; null when nobody is. */
  async load(): Promise<SessionState | null> {
    try {
      const me = await api.get<Me>("/api/v1/auth/me", { quiet401: true });
      const workspace = await api.get<Workspace>("/api/v1/workspace");
      if (me.locale) setLocale(me.locale);
      publish({ me, workspace });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        publish(null);
      } else {
        throw error;
      }
    }
    return state;
  },

  async signIn(email: string, password: string): Promise<SessionState | null> {
    await api.post("/api/v1/auth/login", { email, password }, { quiet401: true });
    return this.load();
  },

  /**
   * End the session. After an OIDC sign-in the API names the identity provider's
   * logout page: the browser goes there to end that session too.
   */
  async signOut(): Promise<void> {
    const answer = await api.post<{ redirect?: string } | undefined>("/api/v1/auth/logout");
    publish(null);
    if (answer?.redirect) window.location.assign(answer.redirect);
  },

  /**
   * Switch the language; a signed-in person's choice is kept with their account, for
   * their other devices and their e-mails (this device keeps it even if that fails).
   */
  async chooseLocale(next: Locale): Promise<void> {
    setLocale(next);
    if (state && state.me.locale !== next) {
      await api.patch("/api/v1/auth/me", { locale: next });
      state.me.locale = next;
    }
  },

  /** Act in another organization the user belongs to. */
  async switchOrganization(slug: string): Promise<SessionState | null> {
    await api.post("/api/v1/auth/switch", { organization: slug });
    const next = await this.load();
    if (next && this.organization?.slug !== slug) {
      // Another request of this session, answered after the switch, kept the old one.
      throw new ApiError(409, "conflict", "The organization did not change; try again.");
    }
    return next;
  },

  /** Forget the session locally (the server said it is gone). */
  clear(): void {
    publish(null);
  },

  /** The pages plugins show visitors who are not signed in, each at `/<plugin>/…`. */
  async publicPages(): Promise<FragmentRef[]> {
    try {
      return await api.get<FragmentRef[]>("/api/v1/public-pages");
    } catch {
      return [];
    }
  },

  /** Sign-in methods this installation offers. */
  async providers(): Promise<Providers> {
    try {
      return await api.get<Providers>("/api/v1/auth/providers");
    } catch {
      return { local: true, oidc: false };
    }
  },
};
