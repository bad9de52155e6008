// The `app` fragment at /chat: the user's channels on the left (unread and mention
// badges, kept live), and on the right the page the path names: /chat/<channel id>,
// /chat/browse, /chat/new or /chat/direct.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { navigate, realtime, t, type RealtimeMessage, type Subscription } from "@lasuite/shell";
import { channelTopic, chatApi, conversationTitle, userTopic, type SidebarEntry } from "./api";
import { CHANNELS_CHANGED_EVENT, ChatElement, may, myId, READ_EVENT, reason, type ReadDetail } from "./base";
import { sidebarRead } from "./unread";

/** Events after which the sidebar's counts are asked for again. */
const RECOUNT = new Set(["chat.message.posted", "chat.message.deleted", "chat.channel.updated"]);
const RECOUNT_DELAY = 150;
/**
 * Channels whose counts are kept live, at most: a connection holds 100 topics, and the
 * open channel and the rest of the workspace need some. The counts of the others are
 * asked for again every {@link POLL_EVERY} ms.
 */
const LIVE_CHANNELS = 80;
const POLL_EVERY = 60_000;
const ROUTE_EVENT = "lasuite:navigate";

function routeOf(path: string): string {
  return path.split("/")[2] ?? "";
}

export class ChatApp extends ChatElement {
  @state() private route = routeOf(window.location.pathname);
  @state() private entries: SidebarEntry[] = [];
  /** Names of direct and group conversations: the other people's names. */
  @state() private titles: Record<string, string> = {};
  @state() private error = "";

  private readonly followed = new Map<string, Subscription>();
  /** The user's own topic: told when someone else adds them to a channel or removes them. */
  private own?: Subscription;
  private recount?: ReturnType<typeof setTimeout>;
  private poll?: ReturnType<typeof setInterval>;
  private readonly onRoute = () => (this.route = routeOf(window.location.pathname));
  private readonly onVisible = () => {
    if (document.visibilityState === "visible") this.scheduleRecount();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(ROUTE_EVENT, this.onRoute);
    window.addEventListener("popstate", this.onRoute);
    document.addEventListener("visibilitychange", this.onVisible);
    this.addEventListener(READ_EVENT, this.onRead as EventListener);
    this.addEventListener(CHANNELS_CHANGED_EVENT, () => void this.load());
    const me = myId();
    if (me) this.own = realtime.subscribe(userTopic(me), () => this.scheduleRecount());
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(ROUTE_EVENT, this.onRoute);
    window.removeEventListener("popstate", this.onRoute);
    document.removeEventListener("visibilitychange", this.onVisible);
    clearTimeout(this.recount);
    clearInterval(this.poll);
    this.poll = undefined;
    this.own?.();
    this.own = undefined;
    for (const stop of this.followed.values()) stop();
    this.followed.clear();
  }

  /**
   * The sidebar, and a subscription to the topic of each channel (the first
   * {@link LIVE_CHANNELS}) so that its counts stay live.
   */
  private async load(): Promise<void> {
    try {
      this.entries = await chatApi.sidebar();
      sidebarRead(this.entries);
      this.error = "";
    } catch (error) {
      this.error = reason(error);
      return;
    }
    const ids = new Set(this.entries.slice(0, LIVE_CHANNELS).map((entry) => entry.id));
    this.pollBeyond(this.entries.length > LIVE_CHANNELS);
    for (const [id, stop] of this.followed) {
      if (!ids.has(id)) {
        stop();
        this.followed.delete(id);
      }
    }
    for (const id of ids) {
      if (!this.followed.has(id)) {
        this.followed.set(id, realtime.subscribe(channelTopic(id), (m) => this.heard(id, m)));
      }
    }
    void this.nameConversations();
  }

  private pollBeyond(needed: boolean): void {
    if (needed && this.poll === undefined) this.poll = setInterval(() => this.scheduleRecount(), POLL_EVERY);
    if (!needed && this.poll !== undefined) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private heard(id: string, message: RealtimeMessage): void {
    // Missed events, or taken out of the channel: ask for the counts (and the list) again.
    if (message.type === "resync" || message.type === "unsubscribed") return this.scheduleRecount();
    if (message.type !== "event" || !RECOUNT.has(message.name)) return;
    // The open channel is read as it comes: its view moves the read marker.
    if (id !== this.route || message.name === "chat.channel.updated") this.scheduleRecount();
  }

  private scheduleRecount(): void {
    clearTimeout(this.recount);
    this.recount = setTimeout(() => void this.load(), RECOUNT_DELAY);
  }

  private readonly onRead = (event: CustomEvent<ReadDetail>) => {
    const { channelId, seq } = event.detail;
    this.entries = this.entries.map((entry) =>
      entry.id === channelId && seq >= entry.last_read_seq
        ? { ...entry, last_read_seq: seq, unread_count: 0, mention_count: 0 }
        : entry,
    );
    sidebarRead(this.entries);
  };

  private async nameConversations(): Promise<void> {
    const unnamed = this.entries.filter((e) => !e.name && !(e.id in this.titles));
    const me = myId();
    for (const entry of unnamed) {
      try {
        this.titles = { ...this.titles, [entry.id]: await conversationTitle(entry.id, me) };
      } catch {
        // Left meanwhile: the next sidebar load drops it.
      }
    }
  }

  private nameOf(entry: SidebarEntry): string {
    return entry.name ?? this.titles[entry.id] ?? "…";
  }

  protected override render() {
    const channels = this.entries.filter((e) => e.kind === "public" || e.kind === "private");
    const conversations = this.entries.filter((e) => e.kind === "direct" || e.kind === "group");
    const inChannel = !["", "browse", "new", "direct"].includes(this.route);
    return html`<div class="chat fr-grid-row fr-grid-row--gutters ${inChannel ? "chat--in-channel" : ""}">
      <nav class="chat-sidebar fr-col-12 fr-col-md-3" aria-label=${t("chat.sidebar")}>
        <h2 class="fr-h5">${t("chat.title")}</h2>
        ${this.error
          ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>`
          : nothing}
        <ul class="fr-btns-group fr-btns-group--sm fr-btns-group--icon-left">
          ${may("chat.channel.browse")
            ? html`<li><a class="fr-btn fr-btn--tertiary fr-icon-search-line" href="/chat/browse">${t("chat.browse")}</a></li>`
            : nothing}
          ${may("chat.channel.create")
            ? html`<li><a class="fr-btn fr-btn--tertiary fr-icon-add-line" href="/chat/new">${t("chat.create")}</a></li>`
            : nothing}
          ${may("core.members.read")
            ? html`<li><a class="fr-btn fr-btn--tertiary fr-icon-user-line" href="/chat/direct">${t("chat.direct")}</a></li>`
            : nothing}
        </ul>
        ${this.list(t("chat.channels"), channels, "#")} ${this.list(t("chat.conversations"), conversations, "")}
      </nav>
      <section class="chat-main fr-col-12 fr-col-md-9">
        ${inChannel
          ? html`<a class="fr-link fr-icon-arrow-left-line fr-link--icon-left chat-back" href="/chat">${t("chat.back")}</a>`
          : nothing}
        ${this.page()}
      </section>
    </div>`;
  }

  private list(heading: string, entries: SidebarEntry[], prefix: string) {
    if (!entries.length) return nothing;
    return html`<h3 class="fr-text--sm fr-mb-1v chat-sidebar__heading">${heading}</h3>
      <ul class="chat-channels">
        ${repeat(
          entries,
          (entry) => entry.id,
          (entry) => html`<li>
            <a
              class="chat-channel-link ${entry.unread_count ? "chat-channel-link--unread" : ""}"
              href="/chat/${entry.id}"
              data-channel=${entry.id}
              aria-current=${entry.id === this.route ? "page" : nothing}
            >
              <span class="chat-channel-link__name">${prefix}${this.nameOf(entry)}</span>
              ${entry.mention_count
                ? html`<span class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--warning chat-mentions"
                    >@${entry.mention_count}<span class="fr-sr-only">
                      ${t("chat.mentions", { count: entry.mention_count })}</span
                    ></span
                  >`
                : nothing}
              ${entry.unread_count
                ? html`<span class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--info chat-unread"
                    >${entry.unread_count}<span class="fr-sr-only">
                      ${t("chat.unread", { count: entry.unread_count })}</span
                    ></span
                  >`
                : nothing}
            </a>
          </li>`,
        )}
      </ul>`;
  }

  private page() {
    switch (this.route) {
      case "":
        return html`<p class="chat-empty">${t("chat.pick")}</p>`;
      case "browse":
        return html`<chat-browse></chat-browse>`;
      case "new":
        return html`<chat-create></chat-create>`;
      case "direct":
        return html`<chat-direct></chat-direct>`;
      default: {
        const entry = this.entries.find((e) => e.id === this.route);
        return html`<chat-channel
          .channelId=${this.route}
          .readSeq=${entry?.last_read_seq ?? null}
          .heading=${entry ? this.nameOf(entry) : ""}
        ></chat-channel>`;
      }
    }
  }
}

/** Open `/chat/<id>` once the sidebar knows it. */
export function openChannel(from: HTMLElement, id: string): void {
  from.dispatchEvent(new CustomEvent(CHANNELS_CHANGED_EVENT, { bubbles: true }));
  navigate(`/chat/${id}`);
}
