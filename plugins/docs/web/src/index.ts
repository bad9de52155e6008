// The docs plugin's UI module (served as /static/plugins/docs/docs.js): its messages,
// its stylesheet and its custom elements. `lit` and `@lasuite/shell` come from the
// page's import map; the editor (TipTap, Yjs) is bundled here.
import { addMessages } from "@lasuite/shell";
import { DocsAccessRequest } from "./access-request";
import { DocsApp } from "./app";
import { DocsComments } from "./comments";
import { DocsEditor } from "./editor";
import { DocsHome } from "./home";
import { DocsShare } from "./share";
import { DocsVersions } from "./versions";
import { DocsVisitor } from "./visitor";
import en from "./i18n/en.json";
import fr from "./i18n/fr.json";
import { DocsNav } from "./nav";
import { DocsSidebar } from "./sidebar";
import { DocsSlashMenu } from "./slash-menu";
import { DocsToolbar } from "./toolbar";
import { DocsTransfer } from "./transfer";
import { DocsTrash } from "./trash";
import "./docs.css";

addMessages({ fr, en });

// The build writes the styles next to this module: a stylesheet of the app's
// origin, which the page's Content-Security-Policy allows (inline styles it does not).
if (!document.querySelector("link[data-docs-styles]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  // Not `new URL("docs.css", import.meta.url)`: Vite would inline the file as a data: URL.
  link.href = import.meta.url.replace(/[^/]*$/, "docs.css");
  link.dataset.docsStyles = "";
  document.head.append(link);
}

const ELEMENTS: Record<string, CustomElementConstructor> = {
  "docs-nav": DocsNav,
  "docs-home": DocsHome,
  "docs-app": DocsApp,
  "docs-sidebar": DocsSidebar,
  "docs-editor": DocsEditor,
  "docs-share": DocsShare,
  "docs-access-request": DocsAccessRequest,
  "docs-versions": DocsVersions,
  "docs-comments": DocsComments,
  "docs-transfer": DocsTransfer,
  "docs-toolbar": DocsToolbar,
  "docs-slash-menu": DocsSlashMenu,
  "docs-trash": DocsTrash,
  "docs-visitor": DocsVisitor,
};
for (const [name, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
