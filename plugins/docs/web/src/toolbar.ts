// The editor's toolbar: the block kind of the selection, marks, lists, links, tables,
// images and attachments, and undo; the description of the image selected.
// It re-renders on each of the editor's transactions, so its pressed states follow the
// selection.
import type { Editor } from "@tiptap/core";
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { DocsElement } from "./base";
import { BLOCKS } from "./blocks";

/** A pointer on a button leaves the focus (and the selection) in the editor. */
const keepEditorFocus = (event: MouseEvent) => event.preventDefault();

const KINDS = ["paragraph", "heading1", "heading2", "heading3", "codeBlock"];

export class DocsToolbar extends DocsElement {
  @property({ attribute: false }) editor: Editor | null = null;
  @state() private linking = false;
  @state() private revision = 0;
  private watched: Editor | null = null;
  private readonly onTransaction = () => this.revision++;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch(null);
  }

  protected override willUpdate(): void {
    if (this.editor !== this.watched) this.watch(this.editor);
  }

  private watch(editor: Editor | null): void {
    this.watched?.off("transaction", this.onTransaction);
    this.watched = editor;
    editor?.on("transaction", this.onTransaction);
  }

  protected override render() {
    const editor = this.editor;
    if (!editor) return nothing;
    const kind = BLOCKS.find((block) => KINDS.includes(block.id) && block.isActive(editor))?.id ?? "";
    return html`<div class="docs-toolbar" role="toolbar" aria-label=${t("docs.toolbar.label")}>
      <label class="fr-sr-only" for="docs-block-kind">${t("docs.toolbar.kind")}</label>
      <select id="docs-block-kind" class="fr-select docs-toolbar__kind" @change=${this.setKind}>
        ${kind ? nothing : html`<option value="" selected>—</option>`}
        ${BLOCKS.filter((block) => KINDS.includes(block.id)).map(
          (block) => html`<option value=${block.id} ?selected=${block.id === kind}>${block.label()}</option>`,
        )}
      </select>
      ${this.button("fr-icon-bold", t("docs.toolbar.bold"), editor.isActive("bold"), () =>
        editor.chain().focus().toggleBold().run(),
      )}
      ${this.button("fr-icon-italic", t("docs.toolbar.italic"), editor.isActive("italic"), () =>
        editor.chain().focus().toggleItalic().run(),
      )}
      ${this.button("fr-icon-strikethrough", t("docs.toolbar.strike"), editor.isActive("strike"), () =>
        editor.chain().focus().toggleStrike().run(),
      )}
      ${this.button("fr-icon-list-unordered", t("docs.block.bulletList"), editor.isActive("bulletList"), () =>
        editor.chain().focus().toggleBulletList().run(),
      )}
      ${this.button("fr-icon-list-ordered", t("docs.block.orderedList"), editor.isActive("orderedList"), () =>
        editor.chain().focus().toggleOrderedList().run(),
      )}
      ${this.button("fr-icon-list-check", t("docs.block.taskList"), editor.isActive("taskList"), () =>
        editor.chain().focus().toggleTaskList().run(),
      )}
      ${this.button("fr-icon-quote-line", t("docs.block.blockquote"), editor.isActive("blockquote"), () =>
        editor.chain().focus().toggleBlockquote().run(),
      )}
      ${this.button("fr-icon-table-line", t("docs.block.table"), editor.isActive("table"), () =>
        editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      )}
      ${this.button("fr-icon-image-add-line", t("docs.block.image"), null, () =>
        editor.chain().focus().chooseFile("image").run(),
      )}
      ${this.button("fr-icon-attachment-line", t("docs.block.file"), null, () =>
        editor.chain().focus().chooseFile("attachment").run(),
      )}
      ${this.button("fr-icon-link", t("docs.toolbar.link"), editor.isActive("link"), () => this.toggleLink())}
      ${this.button("fr-icon-arrow-go-back-line", t("docs.toolbar.undo"), null, () =>
        editor.chain().focus().undo().run(),
      )}
      ${this.button("fr-icon-arrow-go-forward-line", t("docs.toolbar.redo"), null, () =>
        editor.chain().focus().redo().run(),
      )}
    </div>
    ${editor.isActive("table") ? this.tableTools(editor) : nothing}
    ${editor.isActive("image") ? this.imageTools(editor) : nothing}
    ${this.linking ? this.linkForm() : nothing}`;
  }

  /** Rows and columns of the table the selection is in. */
  private tableTools(editor: Editor) {
    const tools: [string, string, () => boolean][] = [
      ["fr-icon-add-line", t("docs.table.addRow"), () => editor.chain().focus().addRowAfter().run()],
      ["fr-icon-add-line", t("docs.table.addColumn"), () => editor.chain().focus().addColumnAfter().run()],
      ["fr-icon-subtract-line", t("docs.table.deleteRow"), () => editor.chain().focus().deleteRow().run()],
      ["fr-icon-subtract-line", t("docs.table.deleteColumn"), () => editor.chain().focus().deleteColumn().run()],
      ["fr-icon-delete-line", t("docs.table.delete"), () => editor.chain().focus().deleteTable().run()],
    ];
    return html`<div class="docs-toolbar docs-toolbar--table" role="toolbar" aria-label=${t("docs.table.tools")}>
      ${tools.map(([icon, label, run]) => this.button(icon, label, null, () => void run()))}
    </div>`;
  }

  /** The selected image's description (its alt text), read by screen readers and search. */
  private imageTools(editor: Editor) {
    const alt = String(editor.getAttributes("image").alt ?? "");
    return html`<div class="docs-toolbar docs-toolbar--image" role="toolbar" aria-label=${t("docs.files.imageTools")}>
      <label class="fr-label" for="docs-image-alt">${t("docs.files.alt")}</label>
      <input
        id="docs-image-alt"
        class="fr-input docs-toolbar__alt"
        .value=${alt}
        maxlength="500"
        placeholder=${t("docs.files.altHint")}
        @change=${(event: Event) =>
          editor
            .chain()
            .updateAttributes("image", { alt: (event.target as HTMLInputElement).value.trim() })
            .run()}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key !== "Enter") return;
          event.preventDefault();
          (event.target as HTMLInputElement).blur();
          editor.commands.focus();
        }}
      />
    </div>`;
  }

  private button(icon: string, label: string, pressed: boolean | null, run: () => void) {
    return html`<button
      type="button"
      class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm ${icon}"
      title=${label}
      aria-pressed=${pressed === null ? nothing : String(pressed)}
      @mousedown=${keepEditorFocus}
      @click=${run}
    >
      ${label}
    </button>`;
  }

  private readonly setKind = (event: Event) => {
    const block = BLOCKS.find((b) => b.id === (event.target as HTMLSelectElement).value);
    if (block && this.editor) block.apply(this.editor.chain().focus()).run();
  };

  private toggleLink(): void {
    if (this.editor?.isActive("link")) {
      this.editor.chain().focus().extendMarkRange("link").unsetLink().run();
      return;
    }
    this.linking = true;
  }

  private linkForm() {
    return html`<form class="docs-toolbar__link" @submit=${this.setLink}>
      <label class="fr-label" for="docs-link-url">${t("docs.toolbar.linkUrl")}</label>
      <input id="docs-link-url" class="fr-input" name="url" type="url" required autofocus placeholder="https://" />
      <button class="fr-btn fr-btn--sm" type="submit">${t("docs.toolbar.linkAdd")}</button>
      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="button" @click=${() => this.closeLink()}>
        ${t("docs.cancel")}
      </button>
    </form>`;
  }

  private readonly setLink = (event: SubmitEvent) => {
    event.preventDefault();
    const url = new FormData(event.target as HTMLFormElement).get("url");
    if (typeof url === "string" && url) {
      this.editor?.chain().focus().extendMarkRange("link").setLink({ href: url }).run();
    }
    this.closeLink();
  };

  private closeLink(): void {
    this.linking = false;
    this.editor?.commands.focus();
  }
}
