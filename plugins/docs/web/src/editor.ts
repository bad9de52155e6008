// A page at /docs/<id>: its title, what one can do with it (favourite, duplicate,
// trash), and its content edited live with everyone who has it open.
import { Editor } from "@tiptap/core";
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, navigate, session, t } from "@lasuite/shell";
import { atLeast, docsApi, type DocumentOut } from "./api";
import { announceChange, CREATE, DocsElement, may, reason } from "./base";
import { DocumentSession, REFUSED, type LinkState, type Person } from "./collaboration";
import { editorExtensions } from "./extensions";

export class DocsEditor extends DocsElement {
  @property({ attribute: false }) documentId = "";
  @property({ type: Boolean }) favorite = false;
  @state() private document: DocumentOut | null = null;
  @state() private link: LinkState = "connecting";
  /** Why the page could not be opened, worded when shown (in the language of the moment). */
  @state() private error: unknown = null;
  /** The page could not be opened: it does not exist, or the user has no role on it. */
  @state() private missing = false;
  /** Why the last action on the page (rename, trash…) failed. */
  @state() private failure = "";
  @state() private editor: Editor | null = null;
  @state() private others: Person[] = [];
  @state() private sharing = false;
  @state() private versioning = false;
  @state() private transferring = false;
  @state() private commenting = false;
  /** The comment thread in focus: a notification's link names one (`?thread=<id>`). */
  @state() private focusedThread: string | null = null;
  private session: DocumentSession | null = null;
  /** Whether the page was opened for editing: the server decided it when it connected. */
  private openedToEdit = false;
  private stopWatchingRights?: () => void;
  private checking = false;
  private checkAgain = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // The organization changed the user's rights (their role on the page may follow):
    // open the page again if it did, so that the server's connection and the editor agree.
    this.stopWatchingRights = session.subscribe(() => void this.recheck());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatchingRights?.();
    this.close();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("documentId")) void this.open(this.documentId);
    // Each person's colour, through the CSSOM: the page's CSP refuses style attributes.
    for (const chip of this.querySelectorAll<HTMLElement>(".docs-presence__person")) {
      chip.style.backgroundColor = chip.dataset.color ?? "";
    }
  }

  /** The server's word on the caller's role: editors edit, administrators share. */
  private get canEdit(): boolean {
    return atLeast(this.document?.my_role, "editor");
  }

  private get canShare(): boolean {
    return atLeast(this.document?.my_role, "administrator");
  }

  /**
   * The one way the page is opened again for a change of rights, one check at a time.
   * One change reaches the page several ways (the server closes the connection, the
   * member's role changes, then the workspace), and two reopens in flight had the second
   * replace the editor the first had opened, with what was just typed in it. A change
   * during a check is checked once the check (and the reopen it decided) is over.
   */
  private async recheck(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.checkAgain = false;
        const id = this.documentId;
        if (!this.session || !id) return;
        const now = await docsApi.get(id);
        // The server ended the connection ("changed"): reopen even if the role is back.
        const stale = this.link === "changed" || atLeast(now.my_role, "editor") !== this.openedToEdit;
        if (id === this.documentId && stale) await this.open(id);
      } while (this.checkAgain);
    } catch {
      // The page's own connection says what went wrong.
    } finally {
      this.checking = false;
    }
  }

  private async open(id: string): Promise<void> {
    this.close();
    this.document = null;
    this.error = null;
    this.missing = false;
    if (!id) return;
    // A notification's link opens a comment thread (`?thread=<id>`) or the share panel.
    const query = new URLSearchParams(window.location.search);
    const thread = query.get("thread");
    if (thread) Object.assign(this, { commenting: true, focusedThread: thread });
    if (query.has("share")) this.sharing = true;
    try {
      const document = await docsApi.get(id);
      if (id !== this.documentId) return;
      this.document = document;
    } catch (error) {
      if (id !== this.documentId) return;
      this.error = error;
      this.missing = error instanceof ApiError && error.status === 404;
      return;
    }
    await this.updateComplete;
    this.start(id);
  }

  private start(id: string): void {
    const host = this.querySelector<HTMLElement>(".docs-editor__content");
    const me = session.current?.me;
    if (!host || !me) return;
    this.link = "connecting";
    this.openedToEdit = this.canEdit;
    const live = new DocumentSession(
      id,
      me.id,
      (link) => {
        this.link = link;
        // The user's role changed: open the page again, to edit or to read only.
        if (link === "changed" && this.session === live) void this.recheck();
      },
      { keepLocally: this.openedToEdit },
    );
    this.session = live;
    live.provider.awareness.on("change", () => {
      if (this.session === live) this.others = live.others();
    });
    this.editor = new Editor({
      element: host,
      // The page's CSP refuses inline styles: docs.css carries TipTap's few rules.
      injectCSS: false,
      editable: this.openedToEdit,
      extensions: editorExtensions(live, { name: me.display_name, color: me.colour }, () =>
        t("docs.editor.placeholder"),
      ),
      editorProps: {
        attributes: {
          class: "docs-editor__prosemirror",
          "aria-label": t("docs.editor.label"),
          "aria-multiline": "true",
          role: "textbox",
        },
      },
    });
  }

  private close(): void {
    this.editor?.destroy();
    this.editor = null;
    this.session?.destroy();
    this.session = null;
    this.others = [];
  }

  protected override render() {
    if (this.error !== null) {
      return html`<div class="fr-alert fr-alert--error" role="alert">
          <p>${reason(this.error)}</p>
          <p><a href="/docs">${t("docs.backToPages")}</a></p>
        </div>
        ${this.missing ? html`<docs-access-request .documentId=${this.documentId}></docs-access-request>` : nothing}`;
    }
    return html`${this.header()}
      ${this.sharing && this.document
        ? html`<docs-share
            .document=${this.document}
            @docs-share-close=${() => (this.sharing = false)}
            @docs-link-changed=${(event: CustomEvent<DocumentOut>) =>
              (this.document = { ...event.detail, my_role: this.document?.my_role ?? null })}
          ></docs-share>`
        : nothing}
      ${this.versioning && this.document
        ? html`<docs-versions
            .document=${this.document}
            @docs-versions-close=${() => (this.versioning = false)}
          ></docs-versions>`
        : nothing}
      ${this.transferring && this.document
        ? html`<docs-transfer
            .document=${this.document}
            @docs-transfer-close=${() => (this.transferring = false)}
          ></docs-transfer>`
        : nothing}
      ${this.banner()}
      ${this.failure
        ? html`<div class="fr-alert fr-alert--error fr-alert--sm docs-banner" role="alert"><p>${this.failure}</p></div>`
        : nothing}
      ${this.canEdit && this.link !== "refused" ? html`<docs-toolbar .editor=${this.editor}></docs-toolbar>` : nothing}
      <div class="docs-editor__body ${this.commenting ? "docs-editor__body--commenting" : ""}">
        <div
          class="docs-editor__content"
          ?hidden=${this.link === "refused"}
          @click=${this.markClicked}
          @docs-upload-failed=${this.uploadFailed}
        ></div>
        ${this.commenting && this.document
          ? html`<docs-comments
              .document=${this.document}
              .editor=${this.editor}
              .focused=${this.focusedThread}
              @docs-comments-close=${() => (this.commenting = false)}
            ></docs-comments>`
          : nothing}
      </div>
      <docs-slash-menu .editor=${this.editor}></docs-slash-menu>`;
  }

  private header() {
    const document = this.document;
    if (!document) return html`<p class="docs-loading">${t("docs.loading")}</p>`;
    return html`<header class="docs-editor__header">
      ${this.canEdit
        ? html`<label class="fr-sr-only" for="docs-title">${t("docs.titleField")}</label>
            <input
              id="docs-title"
              class="docs-editor__title"
              .value=${document.title}
              maxlength="200"
              required
              @change=${this.rename}
              @keydown=${this.titleKey}
            />`
        : html`<h2 class="docs-editor__title">${document.title}</h2>`}
      ${this.presence()}
      <div class="docs-editor__actions">
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline ${this.favorite ? "fr-icon-star-fill" : "fr-icon-star-line"}"
          aria-pressed=${String(this.favorite)}
          title=${t("docs.favorite")}
          @click=${this.toggleFavorite}
        >
          ${t("docs.favorite")}
        </button>
        ${may(CREATE)
          ? html`<button
              type="button"
              class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-stack-line"
              title=${t("docs.duplicate")}
              @click=${this.duplicate}
            >
              ${t("docs.duplicate")}
            </button>`
          : nothing}
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-team-line"
          title=${t("docs.share.open")}
          @click=${() => (this.sharing = !this.sharing)}
          aria-expanded=${String(this.sharing)}
        >
          ${t("docs.share.open")}
        </button>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-chat-3-line"
          title=${t("docs.comments.open")}
          @click=${this.toggleComments}
          aria-expanded=${String(this.commenting)}
        >
          ${t("docs.comments.open")}
        </button>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-time-line"
          title=${t("docs.versions.open")}
          @click=${() => (this.versioning = !this.versioning)}
          aria-expanded=${String(this.versioning)}
        >
          ${t("docs.versions.open")}
        </button>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-download-line"
          title=${t("docs.transfer.open")}
          @click=${() => (this.transferring = !this.transferring)}
          aria-expanded=${String(this.transferring)}
        >
          ${t("docs.transfer.open")}
        </button>
        ${this.canShare
          ? html`<button
              type="button"
              class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-file-text-line"
              aria-pressed=${String(document.is_template)}
              title=${t("docs.templates.toggle")}
              @click=${this.toggleTemplate}
            >
              ${t("docs.templates.toggle")}
            </button>`
          : nothing}
        ${this.canShare
          ? html`<button
              type="button"
              class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-delete-line"
              title=${t("docs.trash.move")}
              @click=${this.trash}
            >
              ${t("docs.trash.move")}
            </button>`
          : nothing}
      </div>
    </header>`;
  }

  private presence() {
    if (!this.others.length) return nothing;
    const names = [...new Set(this.others.map((person) => person.name))];
    return html`<p class="docs-presence">
      <span class="fr-sr-only">${t("docs.presence")}</span>
      ${names.map((name) => {
        const color = this.others.find((person) => person.name === name)?.color ?? "";
        return html`<span class="docs-presence__person" title=${name} data-color=${color}>${name}</span>`;
      })}
    </p>`;
  }

  private banner() {
    const banners = [];
    if (!this.canEdit) {
      banners.push(html`<div class="fr-notice fr-notice--info docs-banner" role="status">
          <p>${t("docs.banner.readOnly")}</p>
        </div>
        <docs-access-request .documentId=${this.documentId} .held=${this.document?.my_role ?? null}></docs-access-request>`);
    }
    if (this.link === "offline") {
      banners.push(html`<div class="fr-alert fr-alert--warning fr-alert--sm docs-banner" role="alert">
        <p>${t("docs.banner.offline")}</p>
      </div>`);
    }
    if (this.link === "refused") {
      banners.push(html`<div class="fr-alert fr-alert--error fr-alert--sm docs-banner" role="alert">
        <p>${this.refusal()}</p>
      </div>`);
    }
    return banners;
  }

  private refusal(): string {
    switch (this.session?.refusedWith) {
      case REFUSED.notFound:
        return t("docs.failure.notFound");
      case REFUSED.forbidden:
        return t("docs.failure.forbidden");
      case REFUSED.documentFull:
        return t("docs.banner.full");
      default:
        return t("docs.banner.refused");
    }
  }

  /** Open the comments on what is selected (the panel takes the selection), or close them. */
  private readonly toggleComments = () => {
    if (!this.commenting) this.focusedThread = null;
    this.commenting = !this.commenting;
  };

  /** A click on a commented passage shows its thread. */
  private readonly markClicked = (event: MouseEvent) => {
    const mark = (event.target as HTMLElement).closest<HTMLElement>(".docs-comment-mark");
    if (!mark?.dataset.thread) return;
    this.focusedThread = mark.dataset.thread;
    this.commenting = true;
  };

  /** An image or attachment could not be added (`docs-upload-failed`, files.ts): say why. */
  private readonly uploadFailed = (event: CustomEvent<string>) => {
    this.failure = event.detail;
  };

  private readonly titleKey = (event: KeyboardEvent) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    this.editor?.commands.focus("start");
  };

  private readonly rename = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const title = input.value.trim();
    const document = this.document;
    if (!document) return;
    if (!title) {
      input.value = document.title;
      return;
    }
    await this.act(async () => {
      this.document = await docsApi.rename(document.id, title);
    });
  };

  private readonly toggleTemplate = () =>
    this.act(async () => {
      const changed = await docsApi.setTemplate(this.documentId, !this.document?.is_template);
      this.document = { ...changed, my_role: this.document?.my_role ?? changed.my_role };
    });

  private readonly toggleFavorite = () =>
    this.act(() => docsApi.setFavorite(this.documentId, !this.favorite));

  private readonly duplicate = () =>
    this.act(async () => {
      const title = t("docs.copyOf", { title: this.document?.title ?? "" }).slice(0, 200);
      const copy = await docsApi.duplicate(this.documentId, title);
      navigate(`/docs/${copy.id}`);
    });

  private readonly trash = () =>
    this.act(async () => {
      const parent = this.document?.parent_id;
      await docsApi.trash(this.documentId);
      navigate(parent ? `/docs/${parent}` : "/docs");
    });

  /** Run a change, then have the sidebar load the documents again; show its failure. */
  private async act(change: () => Promise<unknown>): Promise<void> {
    this.failure = "";
    try {
      await change();
      announceChange(this);
    } catch (error) {
      this.failure = reason(error);
    }
  }
}
