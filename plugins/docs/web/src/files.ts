// Images and attachments in a page: TipTap's Image (extended to name the page's file by
// id) and an `attachment` node drawn as a card, both uploaded to the page through
// lasuite_docs/file_routes.py. Files come from the "/" menu and the toolbar (a file
// chooser), or are pasted or dropped; while one uploads, a placeholder in the text shows
// its progress, and it becomes the image or the card where it was put.
import { Extension, mergeAttributes, Node, type Editor } from "@tiptap/core";
import Image, { type ImageOptions } from "@tiptap/extension-image";
import { NodeSelection, Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ApiError, locale, t } from "@lasuite/shell";
import { fileUrl, IMAGE_TYPES, uploadFile, type FileKind } from "./api";

/** Fired (bubbling) on the editor's element when an upload fails; `detail` is the message. */
export const UPLOAD_FAILED_EVENT = "docs-upload-failed";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    docsFiles: {
      /** Open a file chooser; the files chosen go where the selection is. */
      chooseFile: (kind: FileKind) => ReturnType;
    };
  }
}

/** A size as people read it: "12 kB", "3.4 MB" (localized). */
export function readableSize(bytes: number): string {
  const [unit, value] =
    bytes >= 1_000_000 ? ["megabyte", bytes / 1_000_000] : bytes >= 1_000 ? ["kilobyte", bytes / 1_000] : ["byte", bytes];
  return new Intl.NumberFormat(locale(), { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

/** TipTap's image, naming the page's file (`fileId`) rather than an address: the page's
 * URL of the file is made when drawn, so a copy of the page shows it from the copy. */
export const DocsImage = Image.extend<ImageOptions & { documentId: string }>({
  addOptions() {
    return {
      ...this.parent!(),
      inline: false,
      allowBase64: false,
      HTMLAttributes: { class: "docs-image" },
      documentId: "",
    };
  },
  addAttributes() {
    const documentId = this.options.documentId;
    return {
      ...this.parent?.(),
      fileId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-file-id"),
        renderHTML: (attributes) =>
          attributes.fileId
            ? { "data-file-id": attributes.fileId, src: fileUrl(documentId, String(attributes.fileId)) }
            : {},
      },
    };
  },
  // Only the workspace's own images: a pasted image from elsewhere would be fetched
  // from its site by every reader.
  parseHTML() {
    return [{ tag: "img[data-file-id]" }];
  },
});

/** A file of the page as a card: its name (a download link) and its size. */
export const Attachment = Node.create<{ documentId: string }>({
  name: "attachment",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { documentId: "" };
  },
  addAttributes() {
    const data = (name: string) => ({
      default: null,
      parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`),
      renderHTML: () => ({}),
    });
    return {
      fileId: data("file-id"),
      name: data("name"),
      size: { ...data("size"), parseHTML: (element: HTMLElement) => Number(element.getAttribute("data-size")) || null },
      contentType: data("content-type"),
    };
  },
  parseHTML() {
    return [{ tag: "div[data-attachment]" }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const { fileId, name, size, contentType } = node.attrs as Record<string, string | number | null>;
    const label = String(name ?? "");
    return [
      "div",
      mergeAttributes(HTMLAttributes, {
        class: "docs-attachment",
        "data-attachment": "",
        "data-file-id": fileId ?? "",
        "data-name": label,
        "data-size": size ?? "",
        "data-content-type": contentType ?? "",
      }),
      ["span", { class: "docs-attachment__icon fr-icon-attachment-line", "aria-hidden": "true" }],
      [
        "a",
        {
          class: "docs-attachment__name",
          href: fileId ? fileUrl(this.options.documentId, String(fileId)) : "#",
          download: label,
        },
        label,
      ],
      ["span", { class: "docs-attachment__size" }, typeof size === "number" ? readableSize(size) : ""],
    ];
  },
});

interface Pending {
  id: number;
  pos: number;
  name: string;
}

const PENDING = new PluginKey<DecorationSet>("docsPendingUploads");
let nextUpload = 1;

/** Where each upload under way will land: a widget in the text, moved by everyone's edits. */
function pendingUploads(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: PENDING,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        let next = set.map(tr.mapping, tr.doc);
        const meta = tr.getMeta(PENDING) as { add?: Pending; remove?: number } | undefined;
        if (meta?.add) {
          const { id, pos, name } = meta.add;
          next = next.add(tr.doc, [Decoration.widget(pos, () => placeholder(id, name), { id, side: -1 })]);
        }
        if (meta?.remove !== undefined) {
          next = next.remove(next.find(undefined, undefined, (spec) => spec.id === meta.remove));
        }
        return next;
      },
    },
    props: { decorations: (state) => PENDING.getState(state) },
  });
}

function placeholder(id: number, name: string): HTMLElement {
  const element = document.createElement("span");
  element.className = "docs-upload";
  element.dataset.upload = String(id);
  element.setAttribute("role", "status");
  element.textContent = t("docs.files.uploading", { name, percent: 0 });
  return element;
}

function pendingAt(state: EditorState, id: number): number | null {
  const found = PENDING.getState(state)?.find(undefined, undefined, (spec) => spec.id === id);
  return found?.length ? found[0].from : null;
}

/** Why an upload failed, in the user's words. */
export function uploadFailure(error: unknown): string {
  if (!(error instanceof ApiError)) return t("docs.files.failed");
  if (error.status === 413) return t("docs.files.tooLarge");
  if (error.status === 415) return t("docs.files.typeRefused");
  if (error.code === "docs.files_editors_only") return t("docs.files.editorsOnly");
  if (error.code === "network_error") return t("docs.failure.network");
  return t("docs.files.failed");
}

/** Upload `file` to the page and put it at `pos` (where the text then is) once stored. */
export async function insertFile(
  editor: Editor,
  documentId: string,
  file: File,
  kind: FileKind,
  pos: number,
): Promise<void> {
  const id = nextUpload++;
  const { view } = editor;
  view.dispatch(view.state.tr.setMeta(PENDING, { add: { id, pos, name: file.name } }));
  const shown = () => view.dom.querySelector<HTMLElement>(`[data-upload="${id}"]`);
  try {
    const stored = await uploadFile(documentId, file, kind, (percent) => {
      const element = shown();
      if (element) element.textContent = t("docs.files.uploading", { name: file.name, percent });
    });
    if (editor.isDestroyed) return;
    const at = pendingAt(view.state, id) ?? view.state.selection.to;
    const node =
      kind === "image"
        ? { type: "image", attrs: { fileId: stored.id, alt: "" } }
        : {
            type: "attachment",
            attrs: { fileId: stored.id, name: stored.filename, size: stored.size, contentType: stored.content_type },
          };
    // Who is still where the file goes writes on after it; anyone else keeps their place.
    const stayed = view.state.selection.to === at;
    view.dispatch(view.state.tr.setMeta(PENDING, { remove: id }));
    editor.chain().insertContentAt(at, node, { updateSelection: stayed }).run();
    if (stayed) writeAfter(editor);
  } catch (error) {
    if (editor.isDestroyed) return;
    view.dispatch(view.state.tr.setMeta(PENDING, { remove: id }));
    view.dom.dispatchEvent(new CustomEvent(UPLOAD_FAILED_EVENT, { bubbles: true, detail: uploadFailure(error) }));
  }
}

/** Move the cursor from the file just put in (selected) to the line after it, made when
 * there is none: typing on does not replace the file. */
function writeAfter(editor: Editor): void {
  const { selection, doc } = editor.state;
  if (!(selection instanceof NodeSelection)) return;
  const after = selection.to;
  if (!doc.resolve(after).nodeAfter?.isTextblock) {
    editor.chain().insertContentAt(after, { type: "paragraph" }, { updateSelection: false }).run();
  }
  editor.commands.setTextSelection(after + 1);
}

/** An image when it is one a page shows, else an attachment. */
export function kindOf(file: File): FileKind {
  return IMAGE_TYPES.includes(file.type) ? "image" : "attachment";
}

function insertFiles(editor: Editor, documentId: string, files: File[], pos: number): void {
  for (const file of files) void insertFile(editor, documentId, file, kindOf(file), pos);
}

/** Paste and drop of files, the file chooser, and the uploads' placeholders. */
export const FileUploads = Extension.create<{ documentId: string }>({
  name: "docsFiles",
  addOptions() {
    return { documentId: "" };
  },
  addCommands() {
    return {
      chooseFile:
        (kind) =>
        ({ editor, dispatch }) => {
          if (!dispatch || !editor.isEditable) return true;
          const input = document.createElement("input");
          input.type = "file";
          input.multiple = kind === "attachment";
          if (kind === "image") input.accept = IMAGE_TYPES.join(",");
          input.className = "fr-sr-only";
          input.addEventListener("change", () => {
            const files = [...(input.files ?? [])];
            input.remove();
            const pos = editor.state.selection.to;
            for (const file of files) void insertFile(editor, this.options.documentId, file, kind, pos);
          });
          input.addEventListener("cancel", () => input.remove());
          document.body.append(input);
          input.click();
          return true;
        },
    };
  },
  addProseMirrorPlugins() {
    const editor = this.editor;
    const documentId = this.options.documentId;
    const files = (list: FileList | null | undefined) => [...(list ?? [])];
    return [
      pendingUploads(),
      new Plugin({
        key: new PluginKey("docsFileDrops"),
        props: {
          // Before ProseMirror reads the clipboard: files are uploaded, whatever HTML
          // (an image's address elsewhere) comes with them is not.
          handleDOMEvents: {
            paste(view: EditorView, event: ClipboardEvent) {
              const pasted = files(event.clipboardData?.files);
              if (!view.editable || !pasted.length) return false;
              event.preventDefault();
              insertFiles(editor, documentId, pasted, view.state.selection.to);
              return true;
            },
            drop(view: EditorView, event: DragEvent) {
              const dropped = files(event.dataTransfer?.files);
              if (view.dragging || !view.editable || !dropped.length) return false;
              event.preventDefault();
              const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
              insertFiles(editor, documentId, dropped, at?.pos ?? view.state.selection.to);
              return true;
            },
          },
        },
      }),
    ];
  },
});
