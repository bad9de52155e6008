// The chat plugin's UI module (served as /static/plugins/chat/chat.js): its messages,
// its stylesheet and its custom elements. `lit` and `@lasuite/shell` come from the
// page's import map; this module bundles neither.
import { addMessages } from "@lasuite/shell";
import { ChatApp } from "./app";
import { ChatChannelView } from "./channel";
import { ChatChannelActions } from "./channel-actions";
import { ChatComposer } from "./composer";
import { ChatBrowse, ChatCreate, ChatDirect } from "./forms";
import { ChatHome } from "./home";
import en from "./i18n/en.json";
import fr from "./i18n/fr.json";
import { ChatMembers } from "./members";
import { ChatMessage } from "./message";
import { ChatNav } from "./nav";
import { ChatNotificationView } from "./notification";
import { ChatPins } from "./pins";
import { ChatReactions } from "./reactions";
import { ChatSettings } from "./settings";
import { ChatThread } from "./thread";
import "./chat.css";
import { linkStyles } from "./styles";

addMessages({ fr, en });

linkStyles();

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
  "chat-settings": ChatSettings,
  "chat-browse": ChatBrowse,
  "chat-create": ChatCreate,
  "chat-direct": ChatDirect,
  "chat-notification": ChatNotificationView,
  "chat-home": ChatHome,
};
for (const [name, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
