// The chat plugin's UI module (served as /static/plugins/chat/chat.js): its messages,
// its stylesheet and its custom elements. `lit` and `@lasuite/shell` come from the
// page's import map; this module bundles neither.
import { addMessages } from "@lasuite/shell";
import { ChatApp } from "./app";
import { ChatChannelView } from "./channel";
import { ChatChannelActions } from "./channel-actions";
import { ChatComposer } from "./composer";
import { ChatBrowse, ChatCreate, ChatDirect } from "./forms";
import en from "./i18n/en.json";
import fr from "./i18n/fr.json";
import { ChatMembers } from "./members";
import { ChatMessage } from "./message";
import { ChatNav } from "./nav";
import { ChatNotificationView } from "./notification";
import { ChatPins } from "./pins";
import { ChatReactions } from "./reactions";
import { ChatThread } from "./thread";
import "./chat.css";

addMessages({ fr, en });

// The build writes the styles next to this module: a stylesheet of the app's
// origin, which the page's Content-Security-Policy allows (inline styles it does not).
if (!document.querySelector("link[data-chat-styles]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  // Not `new URL("chat.css", import.meta.url)`: Vite would inline the file as a data: URL.
  link.href = import.meta.url.replace(/[^/]*$/, "chat.css");
  link.dataset.chatStyles = "";
  document.head.append(link);
}

const ELEMENTS: Record<string, CustomElementConstructor> = {
  "chat-nav": ChatNav,
  "chat-app": ChatApp,
  "chat-channel": ChatChannelView,
  "chat-channel-actions": ChatChannelActions,
  "chat-message": ChatMessage,
  "chat-members": ChatMembers,
  "chat-composer": ChatComposer,
  "chat-reactions": ChatReactions,
  "chat-thread": ChatThread,
  "chat-pins": ChatPins,
  "chat-browse": ChatBrowse,
  "chat-create": ChatCreate,
  "chat-direct": ChatDirect,
  "chat-notification": ChatNotificationView,
};
for (const [name, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
