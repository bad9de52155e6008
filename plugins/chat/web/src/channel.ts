// <chat-channel>: one channel's messages, kept live over the page's websocket.
//
// The messages loaded are a window on the channel's history (history-window.ts);
// this view composes it with the channel's header, members, typing, threads and
// composer, and keeps the scrolling. Thread replies take numbers too, and stay in
// their thread. Older messages load as the list scrolls up, newer ones as it
// scrolls down while away from the present; new ones keep it at the bottom only
// when the reader was there. Messages of others are marked read once the bottom of
// the list is on a visible page. A `?message=` link and a click in the pins panel
// go to a message the same way: the history around it replaces the list when it
// is not loaded. Away from the present so, a bar counts the live messages held
// back; the bar, a scroll down to the latest message or the reader's own send
// brings them in. An open thread stays in the address (`?thread=`), so that a reload
// or a link opens it again.
import { html, nothing, type PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { realtime, t, type RealtimeMessage, type Subscription } from "@lasuite/shell";
import { channelTopic, chatApi, type Channel, type Member, type Message } from "./api";
import { ChatElement, myId, READ_EVENT, reason, type ReadDetail } from "./base";
import { SENT_EVENT } from "./composer";
import { HistoryWindow } from "./history-window";
import { knownHandles, type Person } from "./mentions";
import { MESSAGE_CHANGED_EVENT, OPEN_THREAD_EVENT } from "./message";
import { GO_TO_PIN_EVENT, type ChatPins } from "./pins";
import { REACTED_EVENT, withReaction, type ReactedDetail } from "./reactions";
import { CLOSE_SETTINGS_EVENT } from "./settings";
import { CLOSE_THREAD_EVENT, type ChatThread } from "./thread";
import { styled, whenStyled } from "./styles";

/** Pixels from an edge that still count as being at it. */
const EDGE = 48;
/** How long "X is typing" stays without news from X. */
const TYPING_FOR = 6000;

/** The message a link points at: `?message=<seq>` (notifications and search results). */
function linkedSeq(): number | null {
  const seq = Number(new URLSearchParams(window.location.search).get("message") ?? "");
  return Number.isInteger(seq) && seq > 0 ? seq : null;
}

/** The thread kept open across a reload or in a link: `?thread=<root message id>`. */
function linkedThread(): string | null {
  return new URLSearchParams(window.location.search).get("thread") || null;
}

function keepThreadInAddress(rootId: string | null): void {
  const url = new URL(window.location.href);
  if (rootId) url.searchParams.set("thread", rootId);
  else url.searchParams.delete("thread");
  if (url.href !== window.location.href) history.replaceState(history.state, "", url);
}

export class ChatChannelView extends ChatElement {
  @property({ attribute: false }) channelId = "";
  /** The reader's read marker when the sidebar last said it. */
  @property({ attribute: false }) readSeq: number | null = null;
  @property({ attribute: false }) heading = "";

  @state() private channel: Channel | null = null;
  @state() private members: Member[] = [];
  @state() private handles = new Map<string, string>();
  @state() private typing: Record<string, string> = {};
  @state() private error = "";
  @state() private lost = "";
  /** The message whose thread is open beside the channel. */
  @state() private threadRootId: string | null = null;
  /** The panel of the channel's pinned messages is open. */
  @state() private showingPins = false;
  /** The channel's settings are open beside its messages (in the place of its members). */
  @state() private showingSettings = false;
  /** Where the "new messages" divider goes: the read marker when the channel opened. */
  @state() private marker: number | null = null;

  @query(".chat-log") private log?: HTMLElement;
  @query("chat-thread") private thread?: ChatThread;
  @query("chat-pins") private pins?: ChatPins;
  private subscription?: Subscription;
  /** Watches a list that could not scroll yet when the channel opened. */
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readSent = 0;
  private readonly failed = (error: unknown) => (this.error = reason(error));
  private readonly history = new HistoryWindow(this, () => this.channelId, this.failed);
  private readonly onVisible = () => this.markRead();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.onVisible);
    this.addEventListener(SENT_EVENT, this.onOwnChange as EventListener);
    this.addEventListener(MESSAGE_CHANGED_EVENT, this.onOwnChange as EventListener);
    this.addEventListener(REACTED_EVENT, (event) => {
      const { messageId, reactions } = (event as CustomEvent<ReactedDetail>).detail;
      this.history.patch(messageId, (m) => ({ ...m, reactions }));
    });
    this.addEventListener(OPEN_THREAD_EVENT, (event) => {
      const message = (event as CustomEvent<Message>).detail;
      this.threadRootId = message.thread_root_id ?? message.id;
      this.showingSettings = false;
    });
    this.addEventListener(CLOSE_SETTINGS_EVENT, () => (this.showingSettings = false));
    this.addEventListener(CLOSE_THREAD_EVENT, () => (this.threadRootId = null));
    this.addEventListener(GO_TO_PIN_EVENT, (event) => {
      const message = (event as CustomEvent<Message>).detail;
      // A reply is not in the channel's list: its thread shows it.
      if (message.thread_root_id) this.threadRootId = message.thread_root_id;
      else void this.goTo(message.seq);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.onVisible);
    this.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("channelId")) void this.open();
    if (this.marker === null && this.readSeq !== null && changed.has("readSeq")) this.marker = this.readSeq;
  }

  protected override updated(changed: PropertyValues): void {
    // A private state: Lit's typed map knows only public properties.
    if (changed.has("threadRootId")) keepThreadInAddress(this.threadRootId);
  }

  private close(): void {
    this.subscription?.();
    this.subscription = undefined;
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.typingTimers.clear();
  }

  private async open(): Promise<void> {
    this.close();
    this.history.reset();
    const id = this.channelId;
    Object.assign(this, { channel: null, members: [], typing: {} });
    this.threadRootId = linkedThread();
    this.showingPins = this.showingSettings = false;
    const linked = linkedSeq();
    this.error = this.lost = "";
    this.marker = this.readSeq;
    this.readSent = 0;
    this.subscription = realtime.subscribe(channelTopic(id), (m) => this.heard(m));
    const opened = await this.history.current(
      Promise.all([chatApi.channel(id), chatApi.members(id), this.history.page(linked)]),
    );
    if (!opened) return;
    const [channel, members, page] = opened;
    void knownHandles().then((found) => (this.handles = found));
    this.channel = channel;
    this.members = members;
    this.history.show(page, linked);
    await this.updateComplete;
    this.scrollToStart(linked);
    this.placeWhenStyled(linked);
    this.markRead();
  }

  /** Reload what the view shows, after events were missed. */
  private async reload(): Promise<void> {
    const stick = this.atBottom();
    const reloaded = await this.history.current(
      Promise.all([chatApi.channel(this.channelId), chatApi.members(this.channelId), this.history.page()]),
    );
    if (!reloaded) return;
    const [channel, members, latest] = reloaded;
    this.channel = channel;
    this.members = members;
    // What came before the latest page may have changed too: start again from it.
    this.history.show(latest);
    if (this.threadRootId) this.thread?.requestUpdate("rootId");
    await this.settle(stick);
  }

  private heard(message: RealtimeMessage): void {
    if (message.type === "resync") {
      void this.reload();
      return;
    }
    if (message.type === "unsubscribed") {
      // The frame's detail is for programs (in English): the reader gets the sentence.
      this.lost = t("chat.noAccess");
      return;
    }
    const data = message.data as Record<string, unknown>;
    switch (message.name) {
      case "chat.message.posted":
        void this.arrived(data.message as Message);
        break;
      case "chat.message.edited":
        void this.replace(data.message as Message);
        break;
      case "chat.message.deleted":
        this.history.patch(String(data.message_id), (m) => ({ ...m, deleted: true, text: "", html: "" }));
        this.thread?.deleted(String(data.message_id));
        break;
      case "chat.thread.replied":
        this.history.patch(String(data.root_id), (m) => ({
          ...m,
          reply_count: Number(data.reply_count),
          last_reply_at: String(data.last_reply_at),
        }));
        break;
      case "chat.reaction.added":
      case "chat.reaction.removed": {
        const [id, emoji, user] = [String(data.message_id), String(data.emoji), String(data.user_id)];
        const added = message.name === "chat.reaction.added";
        const byMe = user === myId();
        this.history.patch(id, (m) => ({ ...m, reactions: withReaction(m.reactions ?? [], emoji, byMe, added) }));
        this.thread?.reacted(id, emoji, user, added);
        break;
      }
      case "chat.message.pinned":
      case "chat.message.unpinned": {
        const pinned = message.name === "chat.message.pinned";
        this.history.patch(String(data.message_id), (m) => ({ ...m, pinned }));
        void this.pins?.load();
        break;
      }
      case "chat.channel.updated":
        this.channel = { ...(data.channel as Channel), role: this.channel?.role ?? null };
        break;
      case "chat.member.left":
        if (String(data.user_id) === myId()) this.leftOrTakenOut();
        void chatApi.members(this.channelId).then((members) => (this.members = members), () => undefined);
        break;
      case "chat.member.joined":
      case "chat.member.updated":
        void chatApi.members(this.channelId).then((members) => (this.members = members), () => undefined);
        break;
      case "chat.member.typing":
        this.someoneTypes(String(data.user_id), String(data.display_name));
        break;
    }
  }

  /** The reader is no longer in the channel (taken out, or left from another tab). */
  private leftOrTakenOut(): void {
    if (this.channel) this.channel = { ...this.channel, role: null };
    if (this.channel?.kind !== "public") this.lost = t("chat.noAccess");
    this.showingSettings = false;
  }

  private async arrived(message: Message): Promise<void> {
    this.stopTyping(message.author_id ?? "");
    // Replies live in their thread; the channel shows their root's count.
    if (message.thread_root_id) return this.thread?.take(message);
    const stick = this.atBottom();
    if (await this.history.take(message)) await this.settle(stick);
  }

  private async replace(message: Message): Promise<void> {
    this.thread?.take(message);
    if (message.thread_root_id) return;
    const stick = this.atBottom();
    if (this.history.replace(message)) await this.settle(stick);
  }

  /** The reader's own send, edit or delete, as the API answered it. */
  private readonly onOwnChange = (event: CustomEvent<Message>) => {
    event.stopPropagation();
    if (event.type !== SENT_EVENT) void this.replace(event.detail);
    // The sender wants to see what they sent, which the latest page holds.
    else if (this.history.reachedEnd) void this.arrived(event.detail);
    else void this.toPresent();
  };

  private someoneTypes(userId: string, name: string): void {
    if (userId === myId()) return;
    this.typing = { ...this.typing, [userId]: name };
    clearTimeout(this.typingTimers.get(userId));
    this.typingTimers.set(userId, setTimeout(() => this.stopTyping(userId), TYPING_FOR));
  }

  private stopTyping(userId: string): void {
    clearTimeout(this.typingTimers.get(userId));
    this.typingTimers.delete(userId);
    if (!(userId in this.typing)) return;
    const { [userId]: _gone, ...rest } = this.typing;
    this.typing = rest;
  }

  private atBottom(): boolean {
    const log = this.log;
    return !log || log.scrollHeight - log.scrollTop - log.clientHeight < EDGE;
  }

  /** After a change: keep the list at the bottom if it was there, then mark read. */
  private async settle(stick: boolean): Promise<void> {
    await this.updateComplete;
    if (stick && this.log) this.log.scrollTop = this.log.scrollHeight;
    this.markRead();
  }

  /** Leaves the old messages for the latest page, at its bottom. */
  private async toPresent(): Promise<void> {
    if (await this.history.toPresent()) await this.settle(true);
  }

  /** Brings message `seq` into view, loading the history around it if it is not loaded. */
  private async goTo(seq: number): Promise<void> {
    if (await this.history.bringIn(seq)) this.highlight(seq);
  }

  /** Scrolls to message `seq` and marks it (it flashes); false when it is not in the list. */
  private highlight(seq: number): boolean {
    const target = this.log?.querySelector<HTMLElement>(`article[data-seq="${seq}"]`);
    if (!target) return false;
    for (const marked of this.querySelectorAll(".chat-message--linked")) marked.classList.remove("chat-message--linked");
    void target.offsetWidth; // a message marked again flashes again
    target.classList.add("chat-message--linked");
    target.scrollIntoView({ block: "center" });
    return true;
  }

  /** On opening: the linked message, or the first unread one, or the bottom. */
  private scrollToStart(linked: number | null): void {
    const log = this.log;
    if (!log || (linked && this.highlight(linked))) return;
    const divider = log.querySelector<HTMLElement>(".chat-divider");
    if (divider) log.scrollTop = divider.offsetTop - log.offsetTop - EDGE;
    else log.scrollTop = log.scrollHeight;
  }

  /**
   * A list shown before the plugin's stylesheet applies is no scroll container: placing
   * it did nothing. Once the stylesheet applies, a list still where it was opened (at
   * its top; the reader did not scroll it) is placed again.
   */
  private placeWhenStyled(linked: number | null): void {
    const log = this.log;
    if (!log || styled()) return;
    whenStyled(() => {
      if (this.log !== log || log.scrollTop !== 0) return;
      this.scrollToStart(linked);
      this.markRead();
    });
  }

  private markRead(): void {
    const last = this.history.last;
    if (!this.channel?.role || last <= this.readSent || document.visibilityState !== "visible") return;
    if (!this.history.reachedEnd || !this.atBottom()) return;
    this.readSent = last;
    const channelId = this.channelId;
    chatApi.markRead(channelId, last).then(
      () => this.dispatchEvent(new CustomEvent<ReadDetail>(READ_EVENT, { bubbles: true, detail: { channelId, seq: last } })),
      () => (this.readSent = 0),
    );
  }

  private async scrolled(): Promise<void> {
    const log = this.log;
    if (!log) return;
    if (log.scrollTop < EDGE) await this.history.loadOlder((prepend) => this.keepingPlace(log, prepend));
    else if (!this.history.reachedEnd && this.atBottom()) await this.history.loadNewer();
    this.markRead();
  }

  /** Adds older messages above the reader's, keeping those they look at where they were. */
  private async keepingPlace(log: HTMLElement, prepend: () => void): Promise<void> {
    const height = log.scrollHeight;
    prepend();
    await this.updateComplete;
    log.scrollTop += log.scrollHeight - height;
  }

  /** Who the composer may suggest for a mention: members with a known handle. */
  private people(): Person[] {
    const me = myId();
    return this.members
      .filter((m) => m.user_id !== me && this.handles.has(m.user_id))
      .map((m) => ({ name: m.display_name, handle: this.handles.get(m.user_id)! }));
  }

  /** Members' names by user id. */
  private authors(): Record<string, string> {
    return Object.fromEntries(this.members.map((m) => [m.user_id, m.display_name]));
  }

  private authorName(userId: string | null): string {
    return this.members.find((m) => m.user_id === userId)?.display_name ?? "";
  }

  protected override render() {
    const channel = this.channel;
    const heading = channel?.name ? `#${channel.name}` : this.heading;
    return html`<div class="chat-channel">
      <header class="chat-channel__header">
        <h2 class="fr-h4 fr-mb-0">${heading}</h2>
        ${channel?.topic ? html`<p class="fr-text--sm fr-mb-0">${channel.topic}</p>` : nothing}
        <button
          class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-pushpin-line fr-btn--icon-left chat-pins-toggle"
          type="button"
          aria-expanded=${this.showingPins ? "true" : "false"}
          @click=${() => (this.showingPins = !this.showingPins)}
        >
          ${t("chat.pins")}
        </button>
        ${channel
          ? html`<button
              class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-settings-5-line fr-btn--icon-left chat-settings-toggle"
              type="button"
              aria-expanded=${this.showingSettings ? "true" : "false"}
              @click=${this.toggleSettings}
            >
              ${t("chat.settings.open")}
            </button>`
          : nothing}
        ${channel?.role && !channel.archived && channel.name
          ? html`<chat-channel-actions .channel=${{ id: channel.id, name: channel.name }}></chat-channel-actions>`
          : nothing}
      </header>
      ${this.showingPins ? html`<chat-pins .channelId=${this.channelId} .authors=${this.authors()}></chat-pins>` : nothing}
      ${this.error ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>` : nothing}
      ${this.lost ? html`<div class="fr-alert fr-alert--warning fr-alert--sm" role="alert"><p>${this.lost}</p></div>` : nothing}
      <div class="chat-channel__body">
        <div class="chat-channel__main">
          <div class="chat-log" role="log" tabindex="0" aria-label=${t("chat.log", { name: heading })} @scroll=${this.scrolled}>
            ${this.history.loading ? html`<p class="chat-log__older">${t("chat.loadingOlder")}</p>` : nothing}
            ${this.history.reachedStart ? html`<p class="chat-log__start">${t("chat.start")}</p>` : nothing}
            ${repeat(
              this.history.messages,
              (m) => m.seq,
              (m) => html`${this.dividerBefore(m)}<chat-message
                  .message=${m}
                  .author=${this.authorName(m.author_id) || (m.sender_name ?? "")}
                  .channelRole=${channel?.role ?? null}
                  ?readonly=${channel?.archived ?? false}
                ></chat-message>`,
            )}
          </div>
          ${this.history.reachedEnd ? nothing : this.presentBar()}
        </div>
        ${this.showingSettings && channel
          ? html`<chat-settings .channel=${channel} .members=${this.members}></chat-settings>`
          : this.threadRootId
          ? html`<chat-thread
              .channelId=${this.channelId}
              .rootId=${this.threadRootId}
              .authors=${this.authors()}
              .channelRole=${channel?.role ?? null}
              .people=${this.people()}
              ?archived=${channel?.archived ?? false}
            ></chat-thread>`
          : html`<chat-members .channelId=${this.channelId} .members=${this.members}></chat-members>`}
      </div>
      <p class="chat-typing fr-text--sm" aria-live="polite">${this.typingText()}</p>
      ${channel?.role
        ? html`<chat-composer
            .channelId=${this.channelId}
            .heading=${heading}
            .people=${this.people()}
            ?archived=${channel.archived}
          ></chat-composer>`
        : nothing}
    </div>`;
  }

  private toggleSettings(): void {
    this.showingSettings = !this.showingSettings;
    if (this.showingSettings) this.threadRootId = null;
  }

  /** Over the bottom of the list while it is away from the present (as in Mattermost). */
  private presentBar() {
    const count = this.history.unseen;
    return html`<div class="chat-present" aria-live="polite">
      <button class="fr-btn fr-btn--sm fr-icon-arrow-down-line fr-btn--icon-left" type="button" @click=${this.toPresent}>
        ${count
          ? html`<span class="chat-present__count">
              ${count === 1 ? t("chat.unseenOne") : t("chat.unseenMany", { count })}
            </span>`
          : nothing}
        ${t("chat.toPresent")}
      </button>
    </div>`;
  }

  private dividerBefore(message: Message) {
    const marker = this.marker;
    if (marker === null || message.seq !== this.firstUnread(marker)) return nothing;
    return html`<p class="chat-divider" role="separator"><span>${t("chat.newMessages")}</span></p>`;
  }

  private firstUnread(marker: number): number | undefined {
    const me = myId();
    return this.history.messages.find((m) => m.seq > marker && m.author_id !== me && !m.deleted)?.seq;
  }

  private typingText(): string {
    const names = Object.values(this.typing);
    if (!names.length) return "";
    if (names.length === 1) return t("chat.typingOne", { name: names[0] });
    return t("chat.typingMany", { names: names.join(", ") });
  }
}
