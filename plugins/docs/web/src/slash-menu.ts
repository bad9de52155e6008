// The "/" menu: typing "/" at the start of a line or after a space lists the kinds of
// block; typing on filters them, arrows choose, Enter turns the line into the chosen
// block and Escape leaves the "/" as text.
import type { Editor } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { DocsElement } from "./base";
import { matchingBlocks, type Block } from "./blocks";

const KEY = new PluginKey("docsSlashMenu");
const TRIGGER = /(?:^|\s)\/([^\s/]*)$/;

interface Opened {
  /** Where the "/" is. */
  from: number;
  to: number;
  blocks: Block[];
}

export class DocsSlashMenu extends DocsElement {
  @property({ attribute: false }) editor: Editor | null = null;
  @state() private opened: Opened | null = null;
  @state() private index = 0;
  /** The "/" the user dismissed with Escape: the menu stays closed for it. */
  private dismissed = -1;
  private watched: Editor | null = null;
  private readonly onTransaction = () => this.follow();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch(null);
  }

  protected override willUpdate(): void {
    if (this.editor !== this.watched) this.watch(this.editor);
  }

  private watch(editor: Editor | null): void {
    if (this.watched && !this.watched.isDestroyed) {
      this.watched.off("transaction", this.onTransaction);
      this.watched.unregisterPlugin(KEY);
    }
    this.watched = editor;
    this.opened = null;
    if (!editor) return;
    editor.on("transaction", this.onTransaction);
    // First of the plugins: its keys go before the keymaps' (Enter would split the line).
    editor.registerPlugin(
      new Plugin({ key: KEY, props: { handleKeyDown: (_view, event) => this.key(event) } }),
      (plugin, plugins) => [plugin, ...plugins],
    );
  }

  /** Open, filter or close the menu from the text before the cursor. */
  private follow(): void {
    const editor = this.editor;
    const selection = editor?.state.selection;
    if (!editor || !selection || !editor.isEditable || !selection.empty) return this.close();
    const { $from } = selection;
    if (!$from.parent.isTextblock || $from.parent.type.spec.code) return this.close();
    const before = $from.parent.textBetween(0, $from.parentOffset, undefined, "\ufffc");
    const match = TRIGGER.exec(before);
    if (!match) return this.close();
    const from = $from.pos - match[1].length - 1;
    if (from === this.dismissed) return this.close();
    const blocks = matchingBlocks(match[1]);
    if (!blocks.length) return this.close();
    if (this.opened?.blocks.length !== blocks.length) this.index = 0;
    this.opened = { from, to: $from.pos, blocks };
  }

  private close(): void {
    this.opened = null;
    this.index = 0;
  }

  private key(event: KeyboardEvent): boolean {
    const opened = this.opened;
    if (!opened) return false;
    const count = opened.blocks.length;
    switch (event.key) {
      case "ArrowDown":
        this.index = (this.index + 1) % count;
        return true;
      case "ArrowUp":
        this.index = (this.index - 1 + count) % count;
        return true;
      case "Enter":
      case "Tab":
        this.choose(opened.blocks[this.index]);
        return true;
      case "Escape":
        this.dismissed = opened.from;
        this.close();
        return true;
      default:
        return false;
    }
  }

  private choose(block: Block): void {
    const opened = this.opened;
    if (!opened || !this.editor) return;
    this.close();
    block.apply(this.editor.chain().focus().deleteRange({ from: opened.from, to: opened.to })).run();
  }

  protected override updated(): void {
    const menu = this.querySelector<HTMLElement>(".docs-slash-menu");
    if (!menu || !this.opened || !this.editor) return;
    // Placed under the "/" through the CSSOM: the page's CSP refuses style attributes.
    const at = this.editor.view.coordsAtPos(this.opened.from);
    menu.style.top = `${at.bottom + 4}px`;
    menu.style.left = `${Math.max(8, Math.min(at.left, window.innerWidth - menu.offsetWidth - 8))}px`;
    menu.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }

  protected override render() {
    if (!this.opened) return nothing;
    return html`<ul class="docs-slash-menu" role="listbox" aria-label=${t("docs.slash.label")}>
      ${this.opened.blocks.map(
        (block, index) => html`<li
          role="option"
          aria-selected=${String(index === this.index)}
          @mousedown=${(event: MouseEvent) => {
            event.preventDefault();
            this.choose(block);
          }}
        >
          ${block.label()}
        </li>`,
      )}
    </ul>`;
  }
}
