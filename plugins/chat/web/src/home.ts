// <chat-home>: chat's widget on the home page ("En ce moment"): the discussions with
// unread messages, mentions first, each a link to it; counted again while the home page
// is open: when the user is added to or taken out of a channel (their own topic), every
// half minute, and when the page becomes visible again.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { realtime, t, type Subscription } from "@lasuite/shell";
import { chatApi, conversationTitle, userTopic, type SidebarEntry } from "./api";
import { ChatElement, myId, reason } from "./base";
import { countUnread } from "./unread";

/** Discussions listed at most. */
const SHOWN = 5;
const RECOUNT_EVERY = 30_000;

export class ChatHome extends ChatElement {
  @state() private unread: SidebarEntry[] | null = null;
  @state() private titles: Record<string, string> = {};
  @state() private error = "";
  private own?: Subscription;
  private recount?: ReturnType<typeof setInterval>;
  private readonly onVisible = () => {
    if (document.visibilityState === "visible") void this.load();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    const me = myId();
    if (me) this.own = realtime.subscribe(userTopic(me), () => void this.load());
    document.addEventListener("visibilitychange", this.onVisible);
    this.recount = setInterval(() => {
      if (document.visibilityState === "visible") void this.load();
    }, RECOUNT_EVERY);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.own?.();
    this.own = undefined;
    document.removeEventListener("visibilitychange", this.onVisible);
    clearInterval(this.recount);
  }

  private async load(): Promise<void> {
    try {
      const entries = await chatApi.sidebar();
      countUnread(entries);
      this.unread = entries
        .filter((e) => e.unread_count > 0)
        .sort((a, b) => b.mention_count - a.mention_count || b.last_seq - a.last_seq);
      this.error = "";
    } catch (error) {
      this.error = reason(error);
      return;
    }
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
