// The `nav` fragment: the workspace's navigation entry to /chat.
import { html } from "lit";
import { t } from "@lasuite/shell";
import { ChatElement } from "./base";

export class ChatNav extends ChatElement {
  protected override render() {
    return html`<a class="fr-nav__link" href="/chat">${t("chat.nav")}</a>`;
  }
}
