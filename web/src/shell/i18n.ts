// Translations: French by default, English available. Every string the shell
// shows comes from a catalog; plugins add their own under their id.
import type { ReactiveController, ReactiveControllerHost } from "lit";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type Catalog = Record<string, string>;

const DEFAULT_LOCALE: Locale = "fr";
const STORAGE_KEY = "lasuite.locale";

// The shell's catalogs: one file per area and language, src/i18n/<locale>/<area>.json.
const parts = import.meta.glob<Catalog>("../i18n/*/*.json", { eager: true, import: "default" });
const catalogs: Record<Locale, Catalog> = { fr: {}, en: {} };
for (const [path, messages] of Object.entries(parts)) {
  const code = path.split("/").at(-2) as Locale;
  if (code in catalogs) Object.assign(catalogs[code], messages);
}
const listeners = new Set<(locale: Locale) => void>();
let current: Locale = stored() ?? browsers() ?? DEFAULT_LOCALE;

function stored(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : null;
  } catch {
    return null;
  }
}

/** The first of the browser's languages the workspace speaks (`en-GB` → `en`), if any:
 * what a visitor reads before choosing (a signed-in person's account may choose). */
function browsers(): Locale | null {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = tag.toLowerCase().split("-")[0];
    if ((LOCALES as readonly string[]).includes(code)) return code as Locale;
  }
  return null;
}

export function locale(): Locale {
  return current;
}

/** Switch the language, remember it in this browser, and tell every listener. */
export function setLocale(next: Locale): void {
  if (!(LOCALES as readonly string[]).includes(next) || next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** Call `listener` on every language change; returns the function that stops it. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Add messages, e.g. a plugin's: `addMessages({fr: {"chat.title": "Discussions"},
 * en: {"chat.title": "Chat"}})`. Keys are namespaced with the plugin's id.
 */
export function addMessages(messages: Partial<Record<Locale, Catalog>>): void {
  for (const code of LOCALES) Object.assign(catalogs[code], messages[code] ?? {});
  for (const listener of listeners) listener(current);
}

/**
 * The message `key` in the current language, `{name}` placeholders filled from
 * `params`; falls back to French, then to the key itself.
 */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const template = catalogs[current][key] ?? catalogs[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message `key` in the current language (or French), or `undefined` when no
 * catalog has it: for a text that has a fallback of its own. */
export function translated(
  key: string,
  params: Record<string, string | number> = {},
): string | undefined {
  return catalogs[current][key] ?? catalogs[DEFAULT_LOCALE][key] ? t(key, params) : undefined;
}

/** A Lit controller that re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  private stop?: () => void;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = onLocaleChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.stop?.();
  }
}
