// Where a comment thread sits in the text: its passage's start and end as Yjs relative
// positions, which follow the text through everyone's edits. The server keeps them as
// one opaque string ("<start>|<end>", each base64); the editor turns them back into
// positions of the page as it is now, to highlight the passage and to go to it.
import type { Editor } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { Extension } from "@tiptap/core";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import * as Y from "yjs";
import type { ThreadOut } from "./api";

/** A passage of the page: its anchor for the server and the text it reads. */
export interface Passage {
  anchor: string | null;
  quote: string;
}

const QUOTE_CHARS = 1000;

function binding(editor: Editor): { type: Y.XmlFragment; mapping: Map<unknown, unknown>; doc: Y.Doc } | null {
  const state = ySyncPluginKey.getState(editor.state) as
    | { type: Y.XmlFragment; doc: Y.Doc; binding: { mapping: Map<unknown, unknown> } | null }
    | undefined;
  if (!state?.binding) return null;
  return { type: state.type, doc: state.doc, mapping: state.binding.mapping };
}

function encode(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)));
}

function decode(text: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The selected passage (the editor's selection, or the reader's selection of its text
 * when the page is read-only), or the whole page when nothing is selected. */
export function selectedPassage(editor: Editor): Passage {
  let { from, to } = editor.state.selection;
  if (from === to) {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && selection.rangeCount) {
      const range = selection.getRangeAt(0);
      if (editor.view.dom.contains(range.commonAncestorContainer)) {
        from = editor.view.posAtDOM(range.startContainer, range.startOffset);
        to = editor.view.posAtDOM(range.endContainer, range.endOffset);
      }
    }
  }
  const bound = binding(editor);
  if (from === to || !bound) return { anchor: null, quote: "" };
  const start = absolutePositionToRelativePosition(from, bound.type, bound.mapping as never) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, bound.type, bound.mapping as never) as Y.RelativePosition;
  return {
    anchor: `${encode(start)}|${encode(end)}`,
    quote: editor.state.doc.textBetween(from, to, " ").slice(0, QUOTE_CHARS),
  };
}

/** Where the passage of `anchor` is now; null once its text is gone. */
export function rangeOf(editor: Editor, anchor: string | null): { from: number; to: number } | null {
  const bound = binding(editor);
  if (!anchor || !bound) return null;
  const [start, end] = anchor.split("|").map(decode);
  if (!start || !end) return null;
  const from = relativePositionToAbsolutePosition(bound.doc, bound.type, start, bound.mapping as never);
  const to = relativePositionToAbsolutePosition(bound.doc, bound.type, end, bound.mapping as never);
  return from === null || to === null || from >= to ? null : { from, to };
}

const highlights = new PluginKey<DecorationSet>("docs-comment-highlights");
const SHOW = "docs-comment-threads";

/** Highlights the passages of open threads; the one in focus stands out. */
export const CommentHighlights = Extension.create({
  name: "commentHighlights",
  addProseMirrorPlugins() {
    const editor = this.editor;
    let threads: ThreadOut[] = [];
    let focused: string | null = null;
    return [
      new Plugin({
        key: highlights,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, old) {
            const shown = tr.getMeta(SHOW) as { threads: ThreadOut[]; focused: string | null } | undefined;
            if (shown) ({ threads, focused } = shown);
            if (!shown && !tr.docChanged) return old;
            const decorations: Decoration[] = [];
            for (const thread of threads) {
              if (thread.resolved_at) continue;
              const range = rangeOf(editor, thread.anchor);
              if (!range || range.to > tr.doc.content.size) continue;
              const focus = thread.id === focused ? " docs-comment-mark--focused" : "";
              decorations.push(
                Decoration.inline(range.from, range.to, {
                  class: `docs-comment-mark${focus}`,
                  "data-thread": thread.id,
                }),
              );
            }
            return DecorationSet.create(tr.doc, decorations);
          },
        },
        props: {
          decorations: (state) => highlights.getState(state),
        },
      }),
    ];
  },
});

/** Show these threads' passages (and which one is in focus) in the editor. */
export function showThreads(editor: Editor, threads: ThreadOut[], focused: string | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(SHOW, { threads, focused }).setMeta("addToHistory", false));
}

/** Select the thread's passage and bring it into view; false once its text is gone. */
export function goToThread(editor: Editor, thread: ThreadOut): boolean {
  const range = rangeOf(editor, thread.anchor);
  if (!range) return false;
  editor.chain().setTextSelection(range).scrollIntoView().run();
  return true;
}
