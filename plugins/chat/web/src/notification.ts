// The `notification` fragment: chat's notifications in the reader's language. The
// server writes their titles in French (it knows no one's language); the name of
// who wrote comes in `data.author_name`, and the title is built again from it here.
import { html, nothing } from "lit";
import { property } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { ChatElement } from "./base";

/** What the shell gives the fragment (the fields used here). */
export interface ChatNotification {
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: string;
}

export class ChatNotificationView extends ChatElement {
  @property({ attribute: false }) notification?: ChatNotification;

  private heading(n: ChatNotification): string {
    const name = typeof n.data.author_name === "string" ? n.data.author_name : "";
    if (!name) return n.title;
    if (n.kind === "chat.mention") return t("chat.notifyMention", { name });
    if (n.kind === "chat.thread_reply") return t("chat.notifyThreadReply", { name });
    return n.title;
  }

  protected override render() {
    const n = this.notification;
    if (!n) return nothing;
    const when = new Intl.DateTimeFormat(locale(), { dateStyle: "short", timeStyle: "short" });
    return html`<span class="lasuite-notification__text">
      <strong class="lasuite-notification__title">${this.heading(n)}</strong>
      ${n.body ? html`<span class="lasuite-notification__body">${n.body}</span>` : nothing}
      <time class="lasuite-notification__time" datetime=${n.created_at}
        >${when.format(new Date(n.created_at))}</time
      >
    </span>`;
  }
}
