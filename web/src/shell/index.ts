// `@lasuite/shell`: what the workspace shell shares with plugin modules.
//
//   import { LitElement, html } from "lit";
//   import { api, t, addMessages, LocaleController, realtime, tokens } from "@lasuite/shell";
//
// The page's import map points "lit" and "@lasuite/shell" at the shell's own
// builds, so a plugin ships neither and shares the shell's instances.

export { api, ApiError, apiErrorOf, csrfHeaders, request, UNAUTHENTICATED_EVENT } from "./api";
export { attentionCount, onAttention, reportAttention } from "./attention";
export type { RequestOptions } from "./api";
export { errorKey, errorText } from "./errors";
export {
  addMessages,
  locale,
  LocaleController,
  LOCALES,
  onLocaleChange,
  setLocale,
  t,
  translated,
} from "./i18n";
export type { Catalog, Locale } from "./i18n";
export { navigate } from "./router";
export { realtime, RealtimeClient, RealtimeError } from "./realtime";
export type {
  ConnectionStatus,
  RealtimeEvent,
  RealtimeHandler,
  RealtimeMessage,
  RealtimeResync,
  RealtimeUnsubscribed,
  SendOptions,
  Subscription,
} from "./realtime";
export { session } from "./session";
export type { FragmentRef, Me, Membership, SessionState, Workspace } from "./session";
export { applyTheme, theme, toggleTheme } from "./theme";
export type { Theme } from "./theme";
export { tokens } from "./tokens";

/** Version of what this module offers plugins (additive within a major). */
export const SHELL_API_VERSION = "1.2";
