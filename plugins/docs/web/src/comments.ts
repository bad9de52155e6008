// The comments panel of a page: its threads (open ones, or resolved ones), each with the
// passage it is about, its comments and their reactions; commenting on the selected
// passage, answering, resolving and reopening, changing or removing one's comments.
// Changes made by others arrive live on the page's topic.
import type { Editor } from "@tiptap/core";
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { locale, realtime, session, t, type RealtimeMessage, type Subscription } from "@lasuite/shell";
import { goToThread, selectedPassage, showThreads, type Passage } from "./anchors";
import {
  atLeast,
  docsApi,
  documentTopic,
  REACTIONS,
  type CommentOut,
  type DocumentOut,
  type Member,
  type ThreadOut,
} from "./api";
import { DocsElement, reason } from "./base";

const HANDLE_AT_END = /(?:^|\s)@([\w.+-]*)$/;

function handleOf(member: Member): string {
  return member.email.split("@")[0].toLowerCase();
}

export class DocsComments extends DocsElement {
  @property({ attribute: false }) document!: DocumentOut;
  @property({ attribute: false }) editor: Editor | null = null;
  /** The thread to show first (a notification's link names it). */
  @property({ attribute: false }) focused: string | null = null;
  @state() private threads: ThreadOut[] = [];
  @state() private showResolved = false;
  @state() private passage: Passage | null = null;
  @state() private editing: string | null = null;
  @state() private failure = "";
  @state() private lost = "";
  @state() private suggestions: Member[] = [];
  private members: Member[] | null = null;
  private subscription: Subscription | null = null;

  private get commenter(): boolean {
    return atLeast(this.document.my_role, "commenter");
  }

  private get administrator(): boolean {
    return atLeast(this.document.my_role, "administrator");
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscription = realtime.subscribe(documentTopic(this.document.id), (m) => this.heard(m));
    this.takeSelection();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscription?.();
    if (this.editor) showThreads(this.editor, [], null);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("editor") || changed.has("focused")) this.highlight();
  }

  private heard(message: RealtimeMessage): void {
    if (message.type === "unsubscribed") {
      this.lost = t("docs.comments.lost");
      return;
    }
    // A thread changed (or events were missed): the list is small, load it again.
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.threads = await docsApi.threads(this.document.id);
      this.highlight();
    } catch (error) {
      this.failure = reason(error);
    }
  }

  private highlight(): void {
    if (this.editor) showThreads(this.editor, this.threads, this.focused);
  }

  /** Comment on what is selected in the page now (the whole page when nothing is). */
  takeSelection(): void {
    if (this.commenter && this.editor) this.passage = selectedPassage(this.editor);
  }

  private async act(change: () => Promise<unknown>): Promise<boolean> {
    this.failure = "";
    try {
      await change();
      await this.load();
      return true;
    } catch (error) {
      this.failure = reason(error);
      return false;
    }
  }

  private bodyOf(form: HTMLFormElement): string {
    return String(new FormData(form).get("body") ?? "").trim();
  }

  private readonly open = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = this.bodyOf(form);
    const passage = this.passage ?? { anchor: null, quote: "" };
    if (!body) return;
    let opened: ThreadOut | null = null;
    const done = await this.act(async () => {
      opened = await docsApi.openThread(this.document.id, body, passage.anchor, passage.quote);
    });
    if (done && opened) {
      form.reset();
      this.passage = null;
      this.focused = (opened as ThreadOut).id;
    }
  };

  private readonly answer = async (event: SubmitEvent, thread: ThreadOut) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = this.bodyOf(form);
    if (body && (await this.act(() => docsApi.reply(this.document.id, thread.id, body)))) form.reset();
  };

  private readonly change = async (event: SubmitEvent, comment: CommentOut) => {
    event.preventDefault();
    const body = this.bodyOf(event.target as HTMLFormElement);
    if (!body) return;
    if (await this.act(() => docsApi.editComment(this.document.id, comment.thread_id, comment.id, body))) {
      this.editing = null;
    }
  };

  private goTo(thread: ThreadOut): void {
    this.focused = thread.id;
    if (this.editor && !goToThread(this.editor, thread)) this.highlight();
  }

  /** Offer the members whose handle starts with what follows an `@` just typed. */
  private readonly typed = async (event: InputEvent) => {
    const field = event.target as HTMLTextAreaElement;
    const typing = HANDLE_AT_END.exec(field.value.slice(0, field.selectionStart ?? field.value.length));
    if (!typing) {
      this.suggestions = [];
      return;
    }
    this.members ??= await docsApi.members().catch(() => []);
    const start = typing[1].toLowerCase();
    this.suggestions = this.members
      .filter((m) => handleOf(m).startsWith(start) || m.display_name.toLowerCase().startsWith(start))
      .slice(0, 5);
  };

  private mention(event: Event, member: Member): void {
    const form = (event.target as HTMLElement).closest("form");
    const field = form?.querySelector<HTMLTextAreaElement>("textarea");
    if (!field) return;
    const end = field.selectionStart ?? field.value.length;
    const before = field.value.slice(0, end).replace(/@[\w.+-]*$/, `@${handleOf(member)} `);
    field.value = before + field.value.slice(end);
    field.focus();
    field.setSelectionRange(before.length, before.length);
    this.suggestions = [];
  }

  protected override render() {
    const shown = this.threads.filter((thread) => !!thread.resolved_at === this.showResolved);
    const resolvedCount = this.threads.filter((thread) => thread.resolved_at).length;
    return html`<aside class="docs-share docs-comments" aria-labelledby="docs-comments-title">
      <div class="docs-share__top">
        <h2 class="fr-h6" id="docs-comments-title">${t("docs.comments.title")}</h2>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
          @click=${() => this.dispatchEvent(new CustomEvent("docs-comments-close", { bubbles: true }))}
        >
          ${t("docs.share.close")}
        </button>
      </div>
      ${this.failure ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.failure}</p></div>` : nothing}
      ${this.lost ? html`<div class="fr-alert fr-alert--warning fr-alert--sm" role="alert"><p>${this.lost}</p></div>` : nothing}
      ${this.commenter ? this.newThread() : nothing}
      <fieldset class="fr-segmented fr-segmented--sm docs-comments__filter">
        <legend class="fr-segmented__legend fr-sr-only">${t("docs.comments.filter")}</legend>
        <div class="fr-segmented__elements">
          ${[false, true].map(
            (resolved) => html`<div class="fr-segmented__element">
              <input
                type="radio"
                name="docs-comments-filter"
                id="docs-comments-${resolved ? "resolved" : "open"}"
                .checked=${this.showResolved === resolved}
                @change=${() => (this.showResolved = resolved)}
              />
              <label class="fr-label" for="docs-comments-${resolved ? "resolved" : "open"}">
                ${resolved
                  ? t("docs.comments.resolvedCount", { count: String(resolvedCount) })
                  : t("docs.comments.openCount", { count: String(this.threads.length - resolvedCount) })}
              </label>
            </div>`,
          )}
        </div>
      </fieldset>
      ${shown.length === 0
        ? html`<p class="docs-muted">${this.showResolved ? t("docs.comments.noneResolved") : t("docs.comments.none")}</p>`
        : html`<ul class="docs-comments__threads">
            ${shown.map((thread) => this.thread(thread))}
          </ul>`}
    </aside>`;
  }

  private newThread() {
    const passage = this.passage;
    return html`<form class="docs-comments__new" @submit=${this.open}>
      <p class="fr-text--sm fr-mb-1w">
        ${passage?.quote
          ? html`${t("docs.comments.onPassage")} <q class="docs-comments__quote">${passage.quote}</q>`
          : t("docs.comments.onPage")}
      </p>
      ${this.composer("docs-comment-new", t("docs.comments.new"))}
      <div class="docs-comments__buttons">
        <button class="fr-btn fr-btn--sm" type="submit">${t("docs.comments.send")}</button>
        <button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" @click=${() => this.takeSelection()}>
          ${t("docs.comments.useSelection")}
        </button>
      </div>
    </form>`;
  }

  private composer(id: string, label: string, value = "") {
    return html`<div class="fr-input-group fr-mb-1w">
        <label class="fr-label" for=${id}>${label}
          <span class="fr-hint-text">${t("docs.comments.mentionHint")}</span>
        </label>
        <textarea class="fr-input" id=${id} name="body" rows="2" maxlength="5000" required .value=${value}
          @input=${this.typed}></textarea>
      </div>
      ${this.suggestions.length
        ? html`<ul class="docs-comments__suggestions" aria-label=${t("docs.comments.people")}>
            ${this.suggestions.map(
              (member) => html`<li>
                <button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
                  @click=${(event: Event) => this.mention(event, member)}>
                  ${member.display_name} (@${handleOf(member)})
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}`;
  }

  private thread(thread: ThreadOut) {
    const focused = thread.id === this.focused;
    return html`<li class="docs-comments__thread ${focused ? "docs-comments__thread--focused" : ""}" data-thread=${thread.id}>
      ${thread.quote
        ? html`<button type="button" class="docs-comments__passage" title=${t("docs.comments.goTo")}
            @click=${() => this.goTo(thread)}>
            <q class="docs-comments__quote">${thread.quote}</q>
          </button>`
        : html`<p class="docs-comments__passage docs-muted">${t("docs.comments.aboutPage")}</p>`}
      <ul class="docs-comments__list">
        ${thread.comments.map((comment) => this.comment(comment))}
      </ul>
      ${this.commenter
        ? html`<form class="docs-comments__reply" @submit=${(e: SubmitEvent) => this.answer(e, thread)}>
              ${this.composer(`docs-reply-${thread.id}`, t("docs.comments.reply"))}
              <div class="docs-comments__buttons">
                <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">${t("docs.comments.send")}</button>
                <button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary"
                  @click=${() => this.act(() => docsApi.resolve(this.document.id, thread.id, !thread.resolved_at))}>
                  ${thread.resolved_at ? t("docs.comments.reopen") : t("docs.comments.resolve")}
                </button>
              </div>
            </form>`
        : nothing}
    </li>`;
  }

  private comment(comment: CommentOut) {
    const me = session.current?.me.id;
    const mine = comment.author_id === me;
    const when = new Date(comment.created_at).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" });
    return html`<li class="docs-comments__comment">
      <p class="docs-comments__meta">
        <strong>${comment.author_name}</strong> <span class="docs-muted">${when}</span>
        ${comment.edited_at ? html`<span class="docs-muted">${t("docs.comments.edited")}</span>` : nothing}
      </p>
      ${this.editing === comment.id
        ? html`<form @submit=${(e: SubmitEvent) => this.change(e, comment)}>
            ${this.composer(`docs-edit-${comment.id}`, t("docs.comments.change"), comment.body)}
            <div class="docs-comments__buttons">
              <button class="fr-btn fr-btn--sm" type="submit">${t("docs.comments.save")}</button>
              <button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" @click=${() => (this.editing = null)}>
                ${t("docs.comments.cancel")}
              </button>
            </div>
          </form>`
        : html`<p class="docs-comments__body">${this.body(comment)}</p>`}
      <div class="docs-comments__reactions">
        ${REACTIONS.map((emoji) => {
          const who = comment.reactions.find((r) => r.emoji === emoji)?.user_ids ?? [];
          if (!this.commenter && who.length === 0) return nothing;
          const on = !!me && who.includes(me);
          return html`<button type="button" class="docs-comments__reaction" aria-pressed=${String(on)}
            ?disabled=${!this.commenter}
            aria-label=${t("docs.comments.react", { emoji, count: String(who.length) })}
            @click=${() => this.act(() => docsApi.react(this.document.id, comment.thread_id, comment.id, emoji, !on))}>
            ${emoji}${who.length ? html` <span>${who.length}</span>` : nothing}
          </button>`;
        })}
        ${mine && this.commenter
          ? html`<button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" @click=${() => (this.editing = comment.id)}>
              ${t("docs.comments.change")}
            </button>`
          : nothing}
        ${(mine && this.commenter) || this.administrator
          ? html`<button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
              @click=${() => this.act(() => docsApi.deleteComment(this.document.id, comment.thread_id, comment.id))}>
              ${t("docs.comments.remove")}
            </button>`
          : nothing}
      </div>
    </li>`;
  }

  /** The comment's text, its mentions of readers set apart. */
  private body(comment: CommentOut) {
    const handles = Object.keys(comment.mentions);
    if (!handles.length) return comment.body;
    const pattern = new RegExp(`(@(?:${handles.map((h) => h.replace(/[.+]/g, "\\$&")).join("|")}))(?![\\w.+-])`, "gi");
    return comment.body
      .split(pattern)
      .map((part, index) => (index % 2 ? html`<span class="docs-comments__mention">${part}</span>` : part));
  }
}
