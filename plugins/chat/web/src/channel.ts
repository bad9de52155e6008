// <chat-channel>: one channel's messages, kept live over the page's websocket.
//
// Messages are kept by `seq`, so an event, an HTTP answer and a replayed event of
// the same message are one entry; when the live stream skips numbers, what is
// missing is asked for over HTTP (thread replies take numbers too, and stay in
// their thread). Older messages load as the list scrolls up; new ones keep it at
// the bottom only when the reader was there. Messages of others are marked read
// once the bottom of the list is on a visible page.
import { html, nothing, type PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { realtime, t, type RealtimeMessage, type Subscription } from "@lasuite/shell";
import { channelTopic, chatApi, type Channel, type Member, type Message } from "./api";
import { ChatElement, myId, READ_EVENT, reason, type ReadDetail } from "./base";
import { SENT_EVENT } from "./composer";
import { knownHandles, type Person } from "./mentions";
import { MESSAGE_CHANGED_EVENT, OPEN_THREAD_EVENT } from "./message";
import { REACTED_EVENT, withReaction, type ReactedDetail } from "./reactions";
import { CLOSE_THREAD_EVENT, type ChatThread } from "./thread";

const PAGE = 50;
/** Pixels from an edge that still count as being at it. */
const EDGE = 48;
/** How long "X is typing" stays without news from X. */
const TYPING_FOR = 6000;

/** The message a link points at: `?message=<seq>` (notifications and search results). */
function linkedSeq(): number | null {
  const seq = Number(new URLSearchParams(window.location.search).get("message") ?? "");
  return Number.isInteger(seq) && seq > 0 ? seq : null;
}

export class ChatChannelView extends ChatElement {
  @property({ attribute: false }) channelId = "";
  /** The reader's read marker when the sidebar last said it. */
  @property({ attribute: false }) readSeq: number | null = null;
  @property({ attribute: false }) heading = "";

  @state() private channel: Channel | null = null;
  @state() private messages: Message[] = [];
  @state() private members: Member[] = [];
  @state() private handles = new Map<string, string>();
  @state() private typing: Record<string, string> = {};
  @state() private error = "";
  @state() private lost = "";
  @state() private loadingOlder = false;
  /** Every earlier message is loaded. */
  @state() private reachedStart = false;
  /** The latest messages are loaded (not so after opening at a linked message). */
  private reachedEnd = true;
  /** The message whose thread is open beside the channel. */
  @state() private threadRootId: string | null = null;
  /** The channel's pinned messages while their panel is open, otherwise null. */
  @state() private pins: Message[] | null = null;
  /** Where the "new messages" divider goes: the read marker when the channel opened. */
  @state() private marker: number | null = null;

  @query(".chat-log") private log?: HTMLElement;
  @query("chat-thread") private thread?: ChatThread;
  private subscription?: Subscription;
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readSent = 0;
  private opening = 0;
  private readonly onVisible = () => this.markRead();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.onVisible);
    this.addEventListener(SENT_EVENT, this.onOwnChange as EventListener);
    this.addEventListener(MESSAGE_CHANGED_EVENT, this.onOwnChange as EventListener);
    this.addEventListener(REACTED_EVENT, (event) => {
      const { messageId, reactions } = (event as CustomEvent<ReactedDetail>).detail;
      this.messages = this.messages.map((m) => (m.id === messageId ? { ...m, reactions } : m));
    });
    this.addEventListener(OPEN_THREAD_EVENT, (event) => {
      const message = (event as CustomEvent<Message>).detail;
      this.threadRootId = message.thread_root_id ?? message.id;
    });
    this.addEventListener(CLOSE_THREAD_EVENT, () => (this.threadRootId = null));
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

  private close(): void {
    this.subscription?.();
    this.subscription = undefined;
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.typingTimers.clear();
  }

  private async open(): Promise<void> {
    this.close();
    const attempt = ++this.opening;
    const id = this.channelId;
    Object.assign(this, { channel: null, messages: [], members: [], typing: {} });
    this.reachedStart = false;
    this.reachedEnd = true;
    this.threadRootId = null;
    this.pins = null;
    const linked = linkedSeq();
    this.error = this.lost = "";
    this.marker = this.readSeq;
    this.readSent = 0;
    this.subscription = realtime.subscribe(channelTopic(id), (m) => this.heard(m));
    try {
      const [channel, members, latest] = await Promise.all([
        chatApi.channel(id),
        chatApi.members(id),
        chatApi.history(id, linked ? { around: linked, limit: PAGE } : { limit: PAGE }),
      ]);
      if (attempt !== this.opening) return;
      void knownHandles().then((found) => (this.handles = found));
      this.channel = channel;
      this.members = members;
      this.merge(latest);
      if (linked) {
        this.reachedStart = latest[0]?.seq === 1;
        this.reachedEnd = (latest.at(-1)?.seq ?? 0) >= channel.last_seq;
      } else {
        this.reachedStart = latest.length < PAGE;
      }
      await this.updateComplete;
      this.scrollToStart(linked);
      this.markRead();
    } catch (error) {
      if (attempt === this.opening) this.error = reason(error);
    }
  }

  /** Reload what the view shows, after events were missed. */
  private async reload(): Promise<void> {
    const stick = this.atBottom();
    try {
      const [channel, members, latest] = await Promise.all([
        chatApi.channel(this.channelId),
        chatApi.members(this.channelId),
        chatApi.history(this.channelId, { limit: PAGE }),
      ]);
      this.channel = channel;
      this.members = members;
      // What came before the latest page may have changed too: start again from it.
      this.messages = [];
      this.merge(latest);
      this.reachedStart = latest.length < PAGE;
      this.reachedEnd = true;
      if (this.threadRootId) this.thread?.requestUpdate("rootId");
      await this.settle(stick);
    } catch (error) {
      this.error = reason(error);
    }
  }

  private heard(message: RealtimeMessage): void {
    if (message.type === "resync") {
      void this.reload();
      return;
    }
    if (message.type === "unsubscribed") {
      this.lost = message.detail || t("chat.noAccess");
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
        this.messages = this.messages.map((m) =>
          m.id === data.message_id ? { ...m, deleted: true, text: "", html: "" } : m,
        );
        this.thread?.deleted(String(data.message_id));
        break;
      case "chat.thread.replied":
        this.messages = this.messages.map((m) =>
          m.id === data.root_id
            ? { ...m, reply_count: Number(data.reply_count), last_reply_at: String(data.last_reply_at) }
            : m,
        );
        break;
      case "chat.reaction.added":
      case "chat.reaction.removed": {
        const [id, emoji, user] = [String(data.message_id), String(data.emoji), String(data.user_id)];
        const added = message.name === "chat.reaction.added";
        const byMe = user === myId();
        this.messages = this.messages.map((m) =>
          m.id === id ? { ...m, reactions: withReaction(m.reactions ?? [], emoji, byMe, added) } : m,
        );
        this.thread?.reacted(id, emoji, user, added);
        break;
      }
      case "chat.message.pinned":
      case "chat.message.unpinned": {
        const pinned = message.name === "chat.message.pinned";
        this.messages = this.messages.map((m) => (m.id === data.message_id ? { ...m, pinned } : m));
        if (this.pins) void this.loadPins();
        break;
      }
      case "chat.channel.updated":
        this.channel = { ...(data.channel as Channel), role: this.channel?.role ?? null };
        break;
      case "chat.member.joined":
      case "chat.member.updated":
      case "chat.member.left":
        void chatApi.members(this.channelId).then((members) => (this.members = members), () => undefined);
        break;
      case "chat.member.typing":
        this.someoneTypes(String(data.user_id), String(data.display_name));
        break;
    }
  }

  private async arrived(message: Message): Promise<void> {
    this.stopTyping(message.author_id ?? "");
    // Replies live in their thread; the channel shows their root's count.
    if (message.thread_root_id) return this.thread?.take(message);
    // Opened at an older message: the latest ones load as the list scrolls down.
    if (!this.reachedEnd) return;
    const stick = this.atBottom();
    const last = this.messages.at(-1)?.seq ?? 0;
    if (this.messages.length && message.seq > last + 1) {
      // Something came between: fetch what is missing, this one included.
      try {
        this.merge(await chatApi.history(this.channelId, { after: last, limit: 200 }));
      } catch {
        this.merge([message]);
      }
    } else {
      this.merge([message]);
    }
    await this.settle(stick);
  }

  private async replace(message: Message): Promise<void> {
    this.thread?.take(message);
    if (message.thread_root_id) return;
    const stick = this.atBottom();
    this.merge([message]);
    await this.settle(stick);
  }

  /** The reader's own send, edit or delete, as the API answered it. */
  private readonly onOwnChange = (event: CustomEvent<Message>) => {
    event.stopPropagation();
    void (event.type === SENT_EVENT ? this.arrived(event.detail) : this.replace(event.detail));
  };

  private merge(found: Message[]): void {
    if (!found.length) return;
    const bySeq = new Map(this.messages.map((m) => [m.seq, m]));
    for (const message of found) {
      const known = bySeq.get(message.seq);
      // An older copy (a replayed event) never replaces a newer one.
      if (!known || (message.edited_at ?? "") >= (known.edited_at ?? "") || message.deleted) {
        bySeq.set(message.seq, known?.deleted ? known : message);
      }
    }
    this.messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

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

  /** On opening: the linked message, or the first unread one, or the bottom. */
  private scrollToStart(linked: number | null): void {
    const log = this.log;
    if (!log) return;
    const target = linked ? log.querySelector<HTMLElement>(`article[data-seq="${linked}"]`) : null;
    if (target) {
      target.classList.add("chat-message--linked");
      target.scrollIntoView({ block: "center" });
      return;
    }
    const divider = log.querySelector<HTMLElement>(".chat-divider");
    if (divider) log.scrollTop = divider.offsetTop - log.offsetTop - EDGE;
    else log.scrollTop = log.scrollHeight;
  }

  private markRead(): void {
    const last = this.messages.at(-1)?.seq ?? 0;
    if (!this.channel?.role || last <= this.readSent || document.visibilityState !== "visible") return;
    if (!this.reachedEnd || !this.atBottom()) return;
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
    if (log.scrollTop < EDGE) await this.loadOlder();
    else if (!this.reachedEnd && this.atBottom()) await this.loadNewer();
    this.markRead();
  }

  private async loadOlder(): Promise<void> {
    const first = this.messages[0]?.seq ?? 1;
    if (this.loadingOlder || this.reachedStart || first <= 1 || !this.log) return;
    this.loadingOlder = true;
    try {
      const older = await chatApi.history(this.channelId, { before: first, limit: PAGE });
      const height = this.log.scrollHeight;
      this.merge(older);
      this.reachedStart = older.length < PAGE;
      await this.updateComplete;
      // Keep the messages the reader was looking at where they were.
      this.log.scrollTop += this.log.scrollHeight - height;
    } catch (error) {
      this.error = reason(error);
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Who the composer may suggest for a mention: members with a known handle. */
  private people(): Person[] {
    const me = myId();
    return this.members
      .filter((m) => m.user_id !== me && this.handles.has(m.user_id))
      .map((m) => ({ name: m.display_name, handle: this.handles.get(m.user_id)! }));
  }

  private async loadNewer(): Promise<void> {
    const last = this.messages.at(-1)?.seq ?? 0;
    if (this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const newer = await chatApi.history(this.channelId, { after: last, limit: PAGE });
      this.merge(newer);
      this.reachedEnd = newer.length < PAGE;
    } catch (error) {
      this.error = reason(error);
    } finally {
      this.loadingOlder = false;
    }
  }

  private async loadPins(): Promise<void> {
    try {
      this.pins = await chatApi.pins(this.channelId);
    } catch (error) {
      this.error = reason(error);
    }
  }

  private togglePins(): void {
    if (this.pins) this.pins = null;
    else void this.loadPins();
  }

  private pinsPanel(pins: Message[]) {
    return html`<section class="chat-pins fr-p-2w" aria-label=${t("chat.pinsTitle")}>
      <h3 class="fr-text--md fr-mb-1w">${t("chat.pinsTitle")}</h3>
      ${pins.length
        ? html`<ul class="chat-pins__list">
            ${pins.map(
              (m) => html`<li class="chat-pins__item">
                <p class="fr-text--sm fr-text--bold fr-mb-0">
                  ${this.authorName(m.author_id) || (m.sender_name ?? t("chat.someone"))}
                </p>
                <!-- Sanitized on the server, as in <chat-message>. -->
                <div class="chat-pins__body">${unsafeHTML(m.html)}</div>
              </li>`,
            )}
          </ul>`
        : html`<p class="fr-text--sm fr-mb-0">${t("chat.pinsEmpty")}</p>`}
    </section>`;
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
          aria-expanded=${this.pins ? "true" : "false"}
          @click=${this.togglePins}
        >
          ${t("chat.pins")}
        </button>
      </header>
      ${this.pins ? this.pinsPanel(this.pins) : nothing}
      ${this.error ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>` : nothing}
      ${this.lost ? html`<div class="fr-alert fr-alert--warning fr-alert--sm" role="alert"><p>${this.lost}</p></div>` : nothing}
      <div class="chat-channel__body">
        <div class="chat-log" role="log" tabindex="0" aria-label=${t("chat.log", { name: heading })} @scroll=${this.scrolled}>
          ${this.loadingOlder ? html`<p class="chat-log__older">${t("chat.loadingOlder")}</p>` : nothing}
          ${this.reachedStart ? html`<p class="chat-log__start">${t("chat.start")}</p>` : nothing}
          ${repeat(
            this.messages,
            (m) => m.seq,
            (m) => html`${this.dividerBefore(m)}<chat-message
                .message=${m}
                .author=${this.authorName(m.author_id) || (m.sender_name ?? "")}
                .channelRole=${channel?.role ?? null}
                ?readonly=${channel?.archived ?? false}
              ></chat-message>`,
          )}
        </div>
        ${this.threadRootId
          ? html`<chat-thread
              .channelId=${this.channelId}
              .rootId=${this.threadRootId}
              .authors=${Object.fromEntries(this.members.map((m) => [m.user_id, m.display_name]))}
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

  private dividerBefore(message: Message) {
    const marker = this.marker;
    if (marker === null || message.seq !== this.firstUnread(marker)) return nothing;
    return html`<p class="chat-divider" role="separator"><span>${t("chat.newMessages")}</span></p>`;
  }

  private firstUnread(marker: number): number | undefined {
    const me = myId();
    return this.messages.find((m) => m.seq > marker && m.author_id !== me && !m.deleted)?.seq;
  }

  private typingText(): string {
    const names = Object.values(this.typing);
    if (!names.length) return "";
    if (names.length === 1) return t("chat.typingOne", { name: names[0] });
    return t("chat.typingMany", { names: names.join(", ") });
  }
}
