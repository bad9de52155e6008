// <chat-home>: chat's widget on the home page ("En ce moment"): the discussions with
// unread messages, mentions first, each a link to it — from the sidebar the navigation
// entry keeps fresh (unread.ts), read once more when the widget appears.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { conversationTitle, type SidebarEntry } from "./api";
import { ChatElement, myId, reason } from "./base";
import { lastSidebar, onSidebar, rereadSidebar } from "./unread";

/** Discussions listed at most. */
const SHOWN = 5;

export class ChatHome extends ChatElement {
  @state() private unread: SidebarEntry[] | null = null;
  @state() private titles: Record<string, string> = {};
  @state() private error = "";
  private stop?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stop = onSidebar((entries) => this.show(entries));
    const known = lastSidebar();
    if (known) this.show(known);
    rereadSidebar().then(
      () => (this.error = ""),
      (error) => (this.error = reason(error)),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  private show(entries: SidebarEntry[]): void {
    this.unread = entries
      .filter((e) => e.unread_count > 0)
      .sort((a, b) => b.mention_count - a.mention_count || b.last_seq - a.last_seq);
    const me = myId();
    for (const entry of this.unread.slice(0, SHOWN)) {
      if (entry.name || entry.id in this.titles) continue;
      conversationTitle(entry.id, me).then(
        (title) => (this.titles = { ...this.titles, [entry.id]: title }),
        () => undefined,
      );
    }
  }

  private nameOf(entry: SidebarEntry): string {
    return entry.name ? `#${entry.name}` : (this.titles[entry.id] ?? "…");
  }

  protected override render() {
    const unread = this.unread;
    return html`<div class="fr-card chat-home">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">${t("chat.home.title")}</h3>
          ${this.error ? html`<p class="fr-error-text">${this.error}</p>` : nothing}
          ${unread === null
            ? html`<p class="fr-card__desc">${t("chat.loading")}</p>`
            : unread.length
              ? html`<ul class="chat-home__list">
                  ${unread.slice(0, SHOWN).map(
                    (entry) => html`<li>
                      <a class="fr-link" href="/chat/${entry.id}">${this.nameOf(entry)}</a>
                      <span class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--info"
                        >${t("chat.unread", { count: entry.unread_count })}</span
                      >
                      ${entry.mention_count
                        ? html`<span class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--warning"
                            >${t("chat.mentions", { count: entry.mention_count })}</span
                          >`
                        : nothing}
                    </li>`,
                  )}
                </ul>
                ${unread.length > SHOWN
                  ? html`<p class="fr-card__desc">${t("chat.home.more", { count: unread.length - SHOWN })}</p>`
                  : nothing}`
              : html`<p class="fr-card__desc">${t("chat.home.allRead")}</p>`}
        </div>
        <div class="fr-card__footer">
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/chat">${t("chat.home.open")}</a>
        </div>
      </div>
    </div>`;
  }
}
