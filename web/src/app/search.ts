// Unified search, shared by the header's field and the results page: the API's
// answer, the words of the page's address, and how a hit is shown.
import { html } from "lit";
import { api } from "../shell/api";
import { t } from "../shell/i18n";
import { currentPath } from "../shell/router";

/** Longest query the API accepts. */
export const MAX_QUERY = 200;

/** One hit, as `GET /api/v1/search` returns it. */
export interface SearchResult {
  plugin: string;
  kind: string;
  id: string;
  title: string;
  excerpt: string;
  /** A path inside the workspace. */
  url: string;
  updated_at: string;
  score: number;
}

export interface SearchAnswer {
  query: string;
  results: SearchResult[];
  searched: string[];
  failed: { plugin: string; reason: "timeout" | "error" }[];
  partial: boolean;
}

/** Ask every plugin of the organization for `words`, keeping the `limit` best hits. */
export function searchWorkspace(
  words: string,
  limit: number,
  signal?: AbortSignal,
): Promise<SearchAnswer> {
  const query = new URLSearchParams({ q: words.trim().slice(0, MAX_QUERY), limit: String(limit) });
  return api.get<SearchAnswer>(`/api/v1/search?${query}`, { signal });
}

/** The words of the results page's address, e.g. "budget" for /search?q=budget. */
export function searchedWords(): string {
  return currentPath() === "/search"
    ? (new URLSearchParams(window.location.search).get("q") ?? "")
    : "";
}

/** `text` with every occurrence of the searched words in a <mark>. */
export function highlight(text: string, words: string) {
  const terms = words
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!terms.length || !text) return text;
  const pieces = text.split(new RegExp(`(${terms.join("|")})`, "gi"));
  return pieces.map((piece, i) => (i % 2 ? html`<mark>${piece}</mark>` : piece));
}

/** What a hit is ("Document", "Salle de réunion"…), or the plugin's own word for it. */
export function kindName(kind: string): string {
  const name = t(`search.kind.${kind}`);
  return name.startsWith("search.kind.") ? kind : name;
}
