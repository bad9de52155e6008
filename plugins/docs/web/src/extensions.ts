// The editor's schema and behaviour: StarterKit's blocks and marks, task lists, links,
// tables, images and attachments (lasuite_docs/schema.py names them for the server),
// and the Yjs binding (content and other people's carets) in place of local undo.
import type { Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import { TableKit } from "@tiptap/extension-table";
import { Placeholder } from "@tiptap/extensions";
import StarterKit from "@tiptap/starter-kit";
import { t } from "@lasuite/shell";
import { CommentHighlights } from "./anchors";
import type { DocumentSession, Person } from "./collaboration";
import { Attachment, DocsImage, FileUploads } from "./files";

/** Another person's caret: a coloured bar with their name. Colours are set through the
 * CSSOM (the page's Content-Security-Policy refuses style attributes). */
function caret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === "string" ? user.color : "#000091";
  const bar = document.createElement("span");
  bar.className = "collaboration-carets__caret";
  // Screen readers learn who is here from the page's list of people, not inside the text.
  bar.setAttribute("aria-hidden", "true");
  bar.style.borderColor = color;
  const label = document.createElement("span");
  label.className = "collaboration-carets__label";
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === "string" ? user.name : "";
  bar.append(label);
  return bar;
}

export function editorExtensions(session: DocumentSession, me: Person, placeholder: () => string): Extensions {
  const documentId = session.provider.roomname;
  return [
    StarterKit.configure({
      // Yjs keeps the history: undo takes back one's own edits only.
      undoRedo: false,
      link: { openOnClick: false, autolink: true, protocols: ["mailto"], defaultProtocol: "https" },
    }),
    TaskList,
    // Column widths are not kept: cells share the page's width on any screen.
    TableKit.configure({ table: { resizable: false } }),
    TaskItem.configure({
      nested: true,
      a11y: { checkboxLabel: (node) => t("docs.task.checkbox", { task: node.textContent || t("docs.task.empty") }) },
    }),
    DocsImage.configure({ documentId }),
    Attachment.configure({ documentId }),
    FileUploads.configure({ documentId }),
    Placeholder.configure({ placeholder }),
    Collaboration.configure({ fragment: session.content }),
    CollaborationCaret.configure({ provider: session.provider, user: me, render: caret }),
    CommentHighlights,
  ];
}
