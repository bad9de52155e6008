// The visio plugin's UI module (served as /static/plugins/visio/visio.js): its messages,
// its stylesheet and its custom elements. `lit` and `@lasuite/shell` come from the page's
// import map; this module bundles neither.
import { addMessages } from "@lasuite/shell";
import { VisioApp } from "./app";
import { VisioBreakouts } from "./breakouts";
import { VisioChannelMeeting } from "./channel-meeting";
import { VisioGuest } from "./guest";
import { VisioHome } from "./home";
import en from "./i18n/en.json";
import fr from "./i18n/fr.json";
import { VisioMeeting } from "./meeting";
import { VisioMeetingChat } from "./meeting-chat";
import { VisioNav } from "./nav";
import { VisioRecordings } from "./recordings";
import { VisioRooms } from "./rooms";
import "./visio.css";

addMessages({ fr, en });

// The build writes the styles next to this module: a stylesheet of the app's origin,
// which the page's Content-Security-Policy allows (inline styles it does not).
if (!document.querySelector("link[data-visio-styles]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  // Not `new URL("visio.css", import.meta.url)`: Vite would inline the file as a data: URL.
  link.href = import.meta.url.replace(/[^/]*$/, "visio.css");
  link.dataset.visioStyles = "";
  document.head.append(link);
}

const ELEMENTS: Record<string, CustomElementConstructor> = {
  "visio-nav": VisioNav,
  "visio-home": VisioHome,
  "visio-app": VisioApp,
  "visio-guest": VisioGuest,
  "visio-rooms": VisioRooms,
  "visio-meeting": VisioMeeting,
  "visio-meeting-chat": VisioMeetingChat,
  "visio-breakouts": VisioBreakouts,
  "visio-channel-meeting": VisioChannelMeeting,
  "visio-recordings": VisioRecordings,
};
for (const [name, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
