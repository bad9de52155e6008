// <chat-message>: one message of the channel, with inline edit (its author), delete
// (its author, or a channel owner or moderator) asked for twice, and a report to the
// channel's moderators (anyone else, saying why).
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { locale, t } from "@lasuite/shell";
import { chatApi, type Message } from "./api";
import { ChatElement, myId, reason } from "./base";

/** Fired (bubbling) with the message as the API returned it after an edit or a delete. */
export const MESSAGE_CHANGED_EVENT = "chat-message-changed";
/** Fired (bubbling) with the message whose thread the reader wants to see. */
export const OPEN_THREAD_EVENT = "chat-open-thread";

const MODERATORS = new Set(["owner", "moderator"]);

const MIB = 1024 * 1024;

/** A file's size as readers see it: whole kilobytes (at least 1), megabytes from one. */
export function fileSize(bytes: number): string {
  if (bytes < MIB) return t("chat.fileSize", { size: Math.max(1, Math.round(bytes / 1024)) });
  const megabytes = new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(bytes / MIB);
  return t("chat.fileSizeMb", { size: megabytes });
}

export class ChatMessage extends ChatElement {
  @property({ attribute: false }) message!: Message;
  @property({ attribute: false }) author = "";
  /** The reader's role in the channel. */
  @property({ attribute: false }) channelRole: string | null = null;
  @property({ type: Boolean }) readonly = false;
  /** Shown in a thread pane: no thread of its own. */
  @property({ type: Boolean }) inThread = false;

  @state() private editing = false;
  @state() private confirming = false;
  /** The form asking why the message is reported is open. */
  @state() private reporting = false;
  /** The reader's report went to the channel's moderators. */
  @state() private reported = false;
  @state() private error = "";

  private changed(message: Message): void {
    this.dispatchEvent(new CustomEvent(MESSAGE_CHANGED_EVENT, { bubbles: true, detail: message }));
  }

  private async save(form: HTMLFormElement): Promise<void> {
    const text = String(new FormData(form).get("text") ?? "").trim();
    if (!text || text === this.message.text) {
      this.editing = false;
      return;
    }
    try {
      this.changed(await chatApi.edit(this.message.channel_id, this.message.id, text));
      this.editing = false;
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  private async deleteMessage(): Promise<void> {
    try {
      this.changed(await chatApi.remove(this.message.channel_id, this.message.id));
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
    this.confirming = false;
  }

  private async togglePin(): Promise<void> {
    const m = this.message;
    try {
      this.changed(await chatApi.pin(m.channel_id, m.id, !m.pinned));
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  private async sendReport(form: HTMLFormElement): Promise<void> {
    const why = String(new FormData(form).get("reason") ?? "").trim();
    if (!why) return;
    try {
      await chatApi.report(this.message.channel_id, this.message.id, why);
      this.reporting = false;
      this.reported = true;
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  private async startReporting(): Promise<void> {
    this.reporting = true;
    await this.updateComplete;
    this.querySelector<HTMLTextAreaElement>(".chat-message__report textarea")?.focus();
  }

  private async startEditing(): Promise<void> {
    this.editing = true;
    await this.updateComplete;
    const field = this.querySelector<HTMLTextAreaElement>("textarea");
    field?.focus();
    field?.setSelectionRange(field.value.length, field.value.length);
  }

  private editKeys(event: KeyboardEvent): void {
    if (event.key === "Escape") {
      this.editing = false;
    } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.save((event.target as HTMLTextAreaElement).form!);
    }
  }

  protected override render() {
    const m = this.message;
    const own = m.author_id !== null && m.author_id === myId();
    const time = new Date(m.created_at);
    return html`<article class="chat-message ${own ? "chat-message--own" : ""}" data-seq=${m.seq} aria-labelledby="chat-m-${m.id}">
      <p class="chat-message__meta" id="chat-m-${m.id}">
        <span class="chat-message__author">${this.author || t("chat.someone")}</span>
        <time datetime=${m.created_at}>${time.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" })}</time>
        ${m.edited_at && !m.deleted ? html`<span class="chat-message__edited">${t("chat.edited")}</span>` : nothing}
        ${m.pinned && !m.deleted
          ? html`<span class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--purple-glycine chat-message__pinned"
              >${t("chat.pinnedMark")}</span
            >`
          : nothing}
      </p>
      ${m.deleted
        ? html`<p class="chat-message__body chat-message__body--deleted">${t("chat.deleted")}</p>`
        : this.editing
          ? this.editor()
          : // The server renders Markdown to HTML and sanitizes it (no raw HTML, no
            // images, links rel="noopener nofollow"): that is why it may go in as HTML.
            html`<div class="chat-message__body">${unsafeHTML(m.html)}</div>`}
      ${this.error ? html`<p class="fr-error-text">${this.error}</p>` : nothing}
      ${this.reported ? html`<p class="fr-valid-text fr-mt-0" role="status">${t("chat.report.sent")}</p>` : nothing}
      ${m.deleted ? nothing : this.extras(m)}
      ${this.reporting && !m.deleted ? this.reportForm() : nothing}
      ${this.replies()}
      <div class="chat-message__footer">
        ${m.deleted ? nothing : html`<chat-reactions .message=${m} ?readonly=${this.readonly}></chat-reactions>`}
        ${m.deleted || this.editing || this.readonly ? nothing : this.actions(own)}
      </div>
    </article>`;
  }

  /** A card another plugin posted, and the attached files (links of the app's origin). */
  private extras(m: Message) {
    const card = m.card;
    const files = m.attachments ?? [];
    return html`${card
      ? html`<div class="fr-card fr-card--sm fr-card--horizontal chat-card">
          <div class="fr-card__body">
            <div class="fr-card__content">
              <p class="fr-card__title">
                ${card.link ? html`<a href=${card.link} rel="noopener nofollow">${card.title}</a>` : card.title}
              </p>
              ${card.text ? html`<p class="fr-card__desc">${card.text}</p>` : nothing}
            </div>
          </div>
        </div>`
      : nothing}
    ${files.length
      ? html`<ul class="chat-files">
          ${files.map(
            (file) => html`<li>
              ${file.thumbnail_url
                ? html`<a class="chat-thumbnail" href=${file.url} download=${file.name}
                    ><img src=${file.thumbnail_url} alt=${t("chat.imageOf", { name: file.name })} loading="lazy"
                  /></a>`
                : nothing}
              <a class="fr-link fr-link--sm fr-icon-attachment-line fr-link--icon-left" href=${file.url} download=${file.name}
                >${file.name}</a
              >
              <span class="fr-text--xs">${fileSize(file.size)}</span>
            </li>`,
          )}
        </ul>`
      : nothing}`;
  }

  private openThread(): void {
    this.dispatchEvent(new CustomEvent(OPEN_THREAD_EVENT, { bubbles: true, detail: this.message }));
  }

  private replies() {
    const count = this.message.reply_count ?? 0;
    if (this.inThread || !count) return nothing;
    return html`<button class="fr-link fr-text--sm chat-replies" type="button" @click=${this.openThread}>
      ${count === 1 ? t("chat.repliesOne") : t("chat.repliesMany", { count })}
    </button>`;
  }

  private editor() {
    return html`<form
      class="chat-message__edit"
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.save(e.target as HTMLFormElement);
      }}
    >
      <label class="fr-label fr-sr-only" for="chat-edit-${this.message.id}">${t("chat.editLabel")}</label>
      <textarea
        class="fr-input"
        id="chat-edit-${this.message.id}"
        name="text"
        rows="2"
        maxlength="8000"
        .value=${this.message.text}
        @keydown=${this.editKeys}
      ></textarea>
      <div class="chat-message__actions">
        <button class="fr-btn fr-btn--sm" type="submit">${t("chat.save")}</button>
        <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" @click=${() => (this.editing = false)}>
          ${t("chat.cancel")}
        </button>
      </div>
    </form>`;
  }

  private reportForm() {
    const id = `chat-report-${this.message.id}`;
    return html`<form
      class="chat-message__report"
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.sendReport(e.target as HTMLFormElement);
      }}
    >
      <label class="fr-label" for=${id}>${t("chat.report.why")}<span class="fr-hint-text">${t("chat.report.hint")}</span></label>
      <textarea class="fr-input" id=${id} name="reason" rows="2" maxlength="2000" required></textarea>
      <div class="chat-message__actions">
        <button class="fr-btn fr-btn--sm" type="submit">${t("chat.report.send")}</button>
        <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" @click=${() => (this.reporting = false)}>
          ${t("chat.cancel")}
        </button>
      </div>
    </form>`;
  }

  private actions(own: boolean) {
    const canDelete = own || MODERATORS.has(this.channelRole ?? "");
    if (this.confirming) {
      return html`<div class="chat-message__actions" role="group" aria-label=${t("chat.deleteAsk")}>
        <span class="fr-text--sm fr-mb-0">${t("chat.deleteAsk")}</span>
        <button class="fr-btn fr-btn--sm" type="button" @click=${this.deleteMessage}>${t("chat.deleteConfirm")}</button>
        <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" @click=${() => (this.confirming = false)}>
          ${t("chat.cancel")}
        </button>
      </div>`;
    }
    return html`<div class="chat-message__actions">
      ${this.inThread
        ? nothing
        : html`<button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" @click=${this.openThread}>
            ${t("chat.reply")}
          </button>`}
      ${this.channelRole && !this.inThread
        ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" @click=${this.togglePin}>
            ${this.message.pinned ? t("chat.unpin") : t("chat.pin")}
          </button>`
        : nothing}
      ${own
        ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" @click=${this.startEditing}>
            ${t("chat.edit")}
          </button>`
        : nothing}
      ${canDelete
        ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" @click=${() => (this.confirming = true)}>
            ${t("chat.delete")}
          </button>`
        : nothing}
      ${own || this.reported || this.reporting
        ? nothing
        : html`<button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" type="button" @click=${this.startReporting}>
            ${t("chat.report")}
          </button>`}
    </div>`;
  }
}
