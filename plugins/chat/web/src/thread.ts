// <chat-thread>: the pane beside the channel showing one message's thread, its
// replies live (the channel view hands it the events of its replies) and a composer
// that replies in it.
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { t } from "@lasuite/shell";
import { chatApi, type Message } from "./api";
import { ChatElement, myId, reason } from "./base";
import { SENT_EVENT } from "./composer";
import type { Person } from "./mentions";
import { MESSAGE_CHANGED_EVENT } from "./message";
import { REACTED_EVENT, withReaction, type ReactedDetail } from "./reactions";

/** Fired (bubbling) when the reader closes the pane. */
export const CLOSE_THREAD_EVENT = "chat-close-thread";

export class ChatThread extends ChatElement {
  @property({ attribute: false }) channelId = "";
  @property({ attribute: false }) rootId = "";
  @property({ attribute: false }) authors: Record<string, string> = {};
  @property({ attribute: false }) channelRole: string | null = null;
  @property({ type: Boolean }) archived = false;
  @property({ attribute: false }) people: Person[] = [];

  @state() private root: Message | null = null;
  @state() private replies: Message[] = [];
  @state() private error = "";

  override connectedCallback(): void {
    super.connectedCallback();
    const own = (event: Event) => {
      event.stopPropagation();
      this.take((event as CustomEvent<Message>).detail);
    };
    this.addEventListener(SENT_EVENT, own);
    this.addEventListener(MESSAGE_CHANGED_EVENT, own);
    this.addEventListener(REACTED_EVENT, (event) => {
      event.stopPropagation();
      const { messageId, reactions } = (event as CustomEvent<ReactedDetail>).detail;
      this.patch(messageId, (m) => ({ ...m, reactions }));
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("rootId") || changed.has("channelId")) void this.load();
  }

  private async load(): Promise<void> {
    const rootId = this.rootId;
    try {
      const thread = await chatApi.thread(this.channelId, rootId);
      if (rootId !== this.rootId) return;
      this.root = thread.root;
      this.replies = [];
      this.merge(thread.replies);
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  /** A message of this thread (its root or a reply), new or changed. */
  take(message: Message): void {
    if (message.id === this.rootId) this.root = { ...this.root, ...message };
    else if (message.thread_root_id === this.rootId) this.merge([message]);
  }

  /** A message was deleted: its tombstone, if it is here. */
  deleted(messageId: string): void {
    this.patch(messageId, (m) => ({ ...m, deleted: true, text: "", html: "" }));
  }

  reacted(messageId: string, emoji: string, userId: string, added: boolean): void {
    const byMe = userId === myId();
    this.patch(messageId, (m) => ({ ...m, reactions: withReaction(m.reactions ?? [], emoji, byMe, added) }));
  }

  private patch(messageId: string, change: (m: Message) => Message): void {
    if (this.root?.id === messageId) this.root = change(this.root);
    this.replies = this.replies.map((m) => (m.id === messageId ? change(m) : m));
  }

  private merge(found: Message[]): void {
    const bySeq = new Map(this.replies.map((m) => [m.seq, m]));
    for (const m of found) bySeq.set(m.seq, m);
    this.replies = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent(CLOSE_THREAD_EVENT, { bubbles: true }));
  }

  private item(m: Message) {
    return html`<chat-message
      .message=${m}
      .author=${this.authors[m.author_id ?? ""] ?? m.sender_name ?? ""}
      .channelRole=${this.channelRole}
      ?readonly=${this.archived}
      inThread
    ></chat-message>`;
  }

  protected override render() {
    return html`<section class="chat-thread" aria-labelledby="chat-thread-title">
      <div class="chat-thread__header">
        <h3 class="fr-h6 fr-mb-0" id="chat-thread-title">${t("chat.thread")}</h3>
        <button class="fr-btn--close fr-btn" type="button" title=${t("chat.threadClose")} @click=${this.close}>
          ${t("chat.threadClose")}
        </button>
      </div>
      ${this.error ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.error}</p></div>` : nothing}
      ${this.root ? this.item(this.root) : nothing}
      <div class="chat-thread__replies" role="log" aria-label=${t("chat.threadReplies")}>
        ${repeat(this.replies, (m) => m.seq, (m) => this.item(m))}
      </div>
      ${this.channelRole
        ? html`<chat-composer
            .channelId=${this.channelId}
            .threadRootId=${this.rootId}
            .people=${this.people}
            ?archived=${this.archived}
          ></chat-composer>`
        : nothing}
    </section>`;
  }
}
