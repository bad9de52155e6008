// <chat-composer>: Enter sends, Shift+Enter starts a new line. Each message gets a
// client_id before its first attempt, so that "retry" after a lost answer can never
// post it twice (the server answers the first one again). Typing is announced to the
// channel at most once every few seconds. The emoji button opens the reactions'
// picker; an emoji picked goes in at the caret. Files come with the paperclip button,
// by dropping them on the composer or by pasting them; the message waits for their
// uploads and may be files only. What is written and not sent is kept as the channel's
// (or thread's) draft across reloads.
import { html, nothing, type PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { realtime, t } from "@lasuite/shell";
import { chatApi, newClientId, type Attachment, type Message } from "./api";
import { ChatElement, reason } from "./base";
import { draftOf, keepDraft } from "./drafts";
import { suggest, typedMention, type Person } from "./mentions";
import { PendingFiles } from "./pending-files";
import { EMOJI } from "./reactions";

/** Fired (bubbling) with the posted message as the API returned it. */
export const SENT_EVENT = "chat-sent";

const TYPING_EVERY = 3000;

interface Outgoing {
  clientId: string;
  text: string;
  attachments: Attachment[];
  error: string;
}

export class ChatComposer extends ChatElement {
  @property({ attribute: false }) channelId = "";
  @property({ attribute: false }) heading = "";
  @property({ type: Boolean }) archived = false;
  /** Replies in this message's thread. */
  @property({ attribute: false }) threadRootId: string | null = null;
  /** Who may be mentioned: the channel's members whose handle is known. */
  @property({ attribute: false }) people: Person[] = [];

  @state() private outgoing: Outgoing[] = [];
  @state() private suggestions: Person[] = [];
  @state() private active = 0;
  @state() private choosingEmoji = false;
  /** Files are dragged over the composer. */
  @state() private dropping = false;
  private readonly files = new PendingFiles(this, () => this.channelId);
  private mentionStart = -1;
  @query("textarea") private field?: HTMLTextAreaElement;
  @query(".chat-composer__files") private fileInput?: HTMLInputElement;
  private typedAt = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Uploads belong to their channel.
    if (changed.has("channelId") && changed.get("channelId")) this.files.clear();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The draft of the channel (or thread) now shown, once its field is there.
    if ((changed.has("channelId") || changed.has("threadRootId") || changed.has("archived")) && this.field) {
      this.field.value = draftOf(this.channelId, this.threadRootId);
    }
  }

  private keepDraft(): void {
    keepDraft(this.channelId, this.threadRootId, this.field?.value ?? "");
  }

  private keys(event: KeyboardEvent): void {
    if (this.suggestions.length && this.pickerKeys(event)) return;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  private submit(event?: SubmitEvent): void {
    event?.preventDefault();
    const text = this.field?.value.trim() ?? "";
    if (this.files.uploading || (!text && !this.files.ready.length)) return;
    if (this.field) this.field.value = "";
    this.keepDraft();
    this.typedAt = 0;
    this.suggestions = [];
    void this.send({ clientId: newClientId(), text, attachments: this.files.takeReady(), error: "" });
  }

  private async send(item: Outgoing): Promise<void> {
    this.outgoing = [...this.outgoing.filter((o) => o.clientId !== item.clientId), { ...item, error: "" }];
    try {
      const ids = item.attachments.map((a) => a.id);
      const message = await chatApi.post(this.channelId, item.text, item.clientId, this.threadRootId, ids);
      this.outgoing = this.outgoing.filter((o) => o.clientId !== item.clientId);
      this.dispatchEvent(new CustomEvent<Message>(SENT_EVENT, { bubbles: true, detail: message }));
    } catch (error) {
      this.outgoing = this.outgoing.map((o) =>
        o.clientId === item.clientId ? { ...o, error: reason(error) } : o,
      );
    }
  }

  /** Arrows move in the suggestions, Enter or Tab takes one, Escape closes them. */
  private pickerKeys(event: KeyboardEvent): boolean {
    const count = this.suggestions.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.active = (this.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
    } else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
      this.pick(this.suggestions[this.active]!);
    } else if (event.key === "Escape") {
      this.suggestions = [];
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  private lookForMention(): void {
    const field = this.field;
    const typed = field ? typedMention(field.value, field.selectionStart ?? field.value.length) : null;
    this.mentionStart = typed?.start ?? -1;
    this.suggestions = typed ? suggest(this.people, typed.query) : [];
    this.active = 0;
  }

  private pick(person: Person): void {
    const field = this.field;
    if (!field || this.mentionStart < 0) return;
    const caret = field.selectionStart ?? field.value.length;
    const inserted = `@${person.handle} `;
    field.value = field.value.slice(0, this.mentionStart) + inserted + field.value.slice(caret);
    const at = this.mentionStart + inserted.length;
    field.setSelectionRange(at, at);
    field.focus();
    this.suggestions = [];
    this.keepDraft();
  }

  private async toggleEmoji(): Promise<void> {
    this.choosingEmoji = !this.choosingEmoji;
    if (!this.choosingEmoji) return;
    await this.updateComplete;
    this.querySelector<HTMLButtonElement>(".chat-composer__emoji button")?.focus();
  }

  /** Puts `emoji` in place of the selected text (or at the caret), then the caret after it. */
  private insertEmoji(emoji: string): void {
    const field = this.field;
    this.choosingEmoji = false;
    if (!field) return;
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.value = field.value.slice(0, start) + emoji + field.value.slice(end);
    field.focus();
    field.setSelectionRange(start + emoji.length, start + emoji.length);
    this.keepDraft();
  }

  private closeEmojiOnEscape(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    event.preventDefault();
    this.choosingEmoji = false;
    this.querySelector<HTMLButtonElement>(".chat-composer__emoji-toggle")?.focus();
  }

  private chooseFiles(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.files.add(input.files ?? []);
    input.value = ""; // the same file may be chosen again
  }

  private dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    this.dropping = true;
  }

  private drop(event: DragEvent): void {
    this.dropping = false;
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    this.files.add(event.dataTransfer.files);
  }

  /** Files pasted are attached; not so the picture an office app adds to rich text it copies. */
  private paste(event: ClipboardEvent): void {
    const pasted = event.clipboardData;
    if (!pasted?.files.length || pasted.types.includes("text/html")) return;
    event.preventDefault();
    this.files.add(pasted.files);
  }

  private typed(): void {
    this.keepDraft();
    this.lookForMention();
    const now = Date.now();
    if (now - this.typedAt < TYPING_EVERY || !this.field?.value) return;
    this.typedAt = now;
    // Best effort: a lost "is typing" is not worth telling anyone about.
    realtime.send("chat.typing", { channel_id: this.channelId }).catch(() => undefined);
  }

  private get fieldId(): string {
    return `chat-composer-${this.threadRootId ?? "channel"}`;
  }

  private get label(): string {
    return this.threadRootId ? t("chat.replyLabel") : t("chat.composerLabel", { name: this.heading });
  }

  protected override render() {
    if (this.archived) {
      return html`<p class="fr-notice chat-archived fr-p-2w">${t("chat.archived")}</p>`;
    }
    return html`${this.outgoing.length
        ? html`<ul class="chat-outgoing">
            ${repeat(
              this.outgoing,
              (o) => o.clientId,
              (o) => html`<li class="chat-outgoing__item ${o.error ? "chat-outgoing__item--failed" : ""}">
                <span class="chat-outgoing__text">${o.text || o.attachments.map((a) => a.name).join(", ")}</span>
                ${o.error
                  ? html`<span class="fr-error-text fr-mt-0" role="alert">${t("chat.notSent", { reason: o.error })}</span>
                      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="button" @click=${() => this.send(o)}>
                        ${t("chat.retry")}
                      </button>
                      <button
                        class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
                        type="button"
                        @click=${() => (this.outgoing = this.outgoing.filter((x) => x !== o))}
                      >
                        ${t("chat.discard")}
                      </button>`
                  : html`<span class="fr-text--xs fr-mb-0">${t("chat.sending")}</span>`}
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.files.render()}
      <form
        class="chat-composer ${this.dropping ? "chat-composer--dropping" : ""}"
        @submit=${this.submit}
        @dragover=${this.dragOver}
        @dragleave=${() => (this.dropping = false)}
        @drop=${this.drop}
      >
        <label class="fr-label fr-sr-only" for=${this.fieldId}>${this.label}</label>
        <textarea
          class="fr-input"
          id=${this.fieldId}
          rows="2"
          maxlength="8000"
          placeholder=${this.label}
          aria-describedby="${this.fieldId}-hint"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded=${this.suggestions.length ? "true" : "false"}
          aria-controls="${this.fieldId}-people"
          aria-activedescendant=${this.suggestions.length ? `${this.fieldId}-person-${this.active}` : ""}
          @blur=${() => (this.suggestions = [])}
          @keydown=${this.keys}
          @input=${this.typed}
          @paste=${this.paste}
        ></textarea>
        <p class="fr-hint-text fr-sr-only" id="${this.fieldId}-hint">${t("chat.composerHint")}</p>
        <ul class="chat-people" id="${this.fieldId}-people" role="listbox" aria-label=${t("chat.mentionPicker")} ?hidden=${!this.suggestions.length}>
          ${this.suggestions.map(
            (person, index) => html`<li
              id="${this.fieldId}-person-${index}"
              role="option"
              aria-selected=${index === this.active ? "true" : "false"}
              @mousedown=${(event: MouseEvent) => {
                event.preventDefault(); // keep the focus in the text
                this.pick(person);
              }}
            >
              ${person.name} <span class="fr-text--xs">@${person.handle}</span>
            </li>`,
          )}
        </ul>
        <button
          class="fr-btn fr-btn--tertiary chat-composer__emoji-toggle"
          type="button"
          title=${t("chat.insertEmoji")}
          aria-label=${t("chat.insertEmoji")}
          aria-expanded=${this.choosingEmoji ? "true" : "false"}
          aria-controls="${this.fieldId}-emoji"
          @click=${this.toggleEmoji}
        >
          🙂
        </button>
        <div
          class="chat-emoji-picker chat-composer__emoji"
          id="${this.fieldId}-emoji"
          role="group"
          aria-label=${t("chat.emojiToInsert")}
          ?hidden=${!this.choosingEmoji}
          @keydown=${this.closeEmojiOnEscape}
        >
          ${EMOJI.map(
            (emoji) => html`<button
              class="fr-btn fr-btn--sm fr-btn--tertiary"
              type="button"
              aria-label=${t("chat.insert", { emoji })}
              @click=${() => this.insertEmoji(emoji)}
            >
              ${emoji}
            </button>`,
          )}
        </div>
        <input class="chat-composer__files" type="file" multiple hidden @change=${this.chooseFiles} />
        <button
          class="fr-btn fr-btn--tertiary fr-icon-attachment-line chat-composer__attach"
          type="button"
          title=${t("chat.attachFiles")}
          @click=${() => this.fileInput?.click()}
        >
          ${t("chat.attachFiles")}
        </button>
        <button class="fr-btn" type="submit" ?disabled=${this.files.uploading}>${t("chat.send")}</button>
      </form>`;
  }
}
