// The kinds of block a page holds, offered by the toolbar and the "/" menu.
import type { ChainedCommands, Editor } from "@tiptap/core";
import { t } from "@lasuite/shell";

export interface Block {
  id: string;
  label(): string;
  /** Words that find it in the "/" menu, besides its label. */
  keywords: string;
  apply(chain: ChainedCommands): ChainedCommands;
  isActive(editor: Editor): boolean;
}

export const BLOCKS: Block[] = [
  {
    id: "paragraph",
    label: () => t("docs.block.paragraph"),
    keywords: "text texte paragraph paragraphe",
    apply: (chain) => chain.setParagraph(),
    isActive: (editor) => editor.isActive("paragraph"),
  },
  {
    id: "heading1",
    label: () => t("docs.block.heading1"),
    keywords: "h1 title titre heading",
    apply: (chain) => chain.setHeading({ level: 1 }),
    isActive: (editor) => editor.isActive("heading", { level: 1 }),
  },
  {
    id: "heading2",
    label: () => t("docs.block.heading2"),
    keywords: "h2 subtitle sous-titre heading",
    apply: (chain) => chain.setHeading({ level: 2 }),
    isActive: (editor) => editor.isActive("heading", { level: 2 }),
  },
  {
    id: "heading3",
    label: () => t("docs.block.heading3"),
    keywords: "h3 heading",
    apply: (chain) => chain.setHeading({ level: 3 }),
    isActive: (editor) => editor.isActive("heading", { level: 3 }),
  },
  {
    id: "bulletList",
    label: () => t("docs.block.bulletList"),
    keywords: "list liste bullet puces ul",
    apply: (chain) => chain.toggleBulletList(),
    isActive: (editor) => editor.isActive("bulletList"),
  },
  {
    id: "orderedList",
    label: () => t("docs.block.orderedList"),
    keywords: "list liste numbered numérotée ol",
    apply: (chain) => chain.toggleOrderedList(),
    isActive: (editor) => editor.isActive("orderedList"),
  },
  {
    id: "taskList",
    label: () => t("docs.block.taskList"),
    keywords: "todo task tâches checklist cases",
    apply: (chain) => chain.toggleTaskList(),
    isActive: (editor) => editor.isActive("taskList"),
  },
  {
    id: "codeBlock",
    label: () => t("docs.block.codeBlock"),
    keywords: "code pre",
    apply: (chain) => chain.toggleCodeBlock(),
    isActive: (editor) => editor.isActive("codeBlock"),
  },
  {
    id: "blockquote",
    label: () => t("docs.block.blockquote"),
    keywords: "quote citation",
    apply: (chain) => chain.toggleBlockquote(),
    isActive: (editor) => editor.isActive("blockquote"),
  },
  {
    id: "table",
    label: () => t("docs.block.table"),
    keywords: "table tableau grid grille",
    apply: (chain) => chain.insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    isActive: (editor) => editor.isActive("table"),
  },
  {
    id: "image",
    label: () => t("docs.block.image"),
    keywords: "image photo picture illustration",
    apply: (chain) => chain.chooseFile("image"),
    isActive: (editor) => editor.isActive("image"),
  },
  {
    id: "file",
    label: () => t("docs.block.file"),
    keywords: "fichier file attachment pièce jointe pdf document",
    apply: (chain) => chain.chooseFile("attachment"),
    isActive: (editor) => editor.isActive("attachment"),
  },
  {
    id: "divider",
    label: () => t("docs.block.divider"),
    keywords: "hr divider séparateur ligne",
    apply: (chain) => chain.setHorizontalRule(),
    isActive: () => false,
  },
];

/** The blocks whose label or keywords start a word with `query` (all for ""). */
export function matchingBlocks(query: string): Block[] {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return BLOCKS;
  return BLOCKS.filter((block) =>
    `${block.label()} ${block.keywords}`
      .toLowerCase()
      .split(/\s+/)
      .some((word) => word.startsWith(wanted)),
  );
}
