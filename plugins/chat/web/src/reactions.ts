// Emoji reactions: the bar under a message (one toggle per emoji, pressed when the
// reader's own is there) and a small picker of common emoji to add one.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { chatApi, type Message, type Reaction } from "./api";
import { ChatElement, reason } from "./base";

/** Fired (bubbling) with `{messageId, reactions}` as the API answered a toggle. */
export const REACTED_EVENT = "chat-reacted";
export type ReactedDetail = { messageId: string; reactions: Reaction[] };

export const EMOJI = ["👍", "❤️", "😂", "🎉", "👀", "✅", "🙏", "😮"];

/**
 * `reactions` after an event saying `userId` added or removed `emoji`. The reader's
 * own toggle also answers with the whole list: an event about the reader that the
 * list already shows changes nothing, so nothing is counted twice.
 */
export function withReaction(
  reactions: Reaction[],
  emoji: string,
  byMe: boolean,
  added: boolean,
): Reaction[] {
  const found = reactions.find((r) => r.emoji === emoji);
  if (byMe && found && found.me === added) return reactions;
  if (!found) return added ? [...reactions, { emoji, count: 1, me: byMe }] : reactions;
  const count = found.count + (added ? 1 : -1);
  const me = byMe ? added : found.me;
  return reactions
    .map((r) => (r.emoji === emoji ? { emoji, count, me } : r))
    .filter((r) => r.count > 0);
}

export class ChatReactions extends ChatElement {
  @property({ attribute: false }) message!: Message;
  @property({ type: Boolean }) readonly = false;
  @state() private picking = false;
  @state() private error = "";

  private async toggle(emoji: string, add: boolean): Promise<void> {
    this.picking = false;
    try {
      const reactions = await chatApi.react(this.message.channel_id, this.message.id, emoji, add);
      const detail: ReactedDetail = { messageId: this.message.id, reactions };
      this.dispatchEvent(new CustomEvent(REACTED_EVENT, { bubbles: true, detail }));
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  private closeOnEscape(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    this.picking = false;
    this.querySelector<HTMLButtonElement>(".chat-react")?.focus();
  }

  protected override render() {
    const reactions = this.message.reactions ?? [];
    return html`<div class="chat-reactions" @keydown=${this.closeOnEscape}>
      ${reactions.map(
        (r) => html`<button
          class="fr-tag fr-tag--sm chat-reaction"
          type="button"
          aria-pressed=${r.me ? "true" : "false"}
          aria-label=${t("chat.reaction", { emoji: r.emoji, count: r.count })}
          ?disabled=${this.readonly}
          @click=${() => this.toggle(r.emoji, !r.me)}
        >
          ${r.emoji} ${r.count}
        </button>`,
      )}
      ${this.readonly
        ? nothing
        : html`<button
            class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline chat-react"
            type="button"
            aria-expanded=${this.picking ? "true" : "false"}
            @click=${() => (this.picking = !this.picking)}
          >
            ${t("chat.react")}
          </button>`}
      ${this.picking
        ? html`<div class="chat-emoji-picker" role="group" aria-label=${t("chat.emojiPicker")}>
            ${EMOJI.map(
              (emoji) => html`<button
                class="fr-btn fr-btn--sm fr-btn--tertiary"
                type="button"
                aria-label=${t("chat.reactWith", { emoji })}
                @click=${() => this.toggle(emoji, !reactions.some((r) => r.emoji === emoji && r.me))}
              >
                ${emoji}
              </button>`,
            )}
          </div>`
        : nothing}
      ${this.error ? html`<p class="fr-error-text">${this.error}</p>` : nothing}
    </div>`;
  }
}
