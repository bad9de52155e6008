// The meeting's chat panel: what was said in the meeting, and a field to write.
import { html } from "lit";
import { property } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { VisioElement } from "./base";

export interface ChatMessage {
  id: string;
  participant_id: string | null;
  name: string;
  text: string;
  at: string;
}

/** Fired (bubbling) with the text to send. */
export const SAY_EVENT = "visio-say";

export class VisioMeetingChat extends VisioElement {
  @property({ attribute: false }) messages: ChatMessage[] = [];

  private readonly send = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = String(new FormData(form).get("text") ?? "").trim();
    if (!text) return;
    this.dispatchEvent(new CustomEvent(SAY_EVENT, { detail: text, bubbles: true }));
    form.reset();
  };

  protected override updated(): void {
    const list = this.querySelector(".visio-chat__messages");
    if (list) list.scrollTop = list.scrollHeight;
  }

  protected override render() {
    return html`<aside class="visio-people visio-chat" aria-label=${t("visio.chat")}>
      <h2 class="fr-h6">${t("visio.chat")}</h2>
      <ol class="visio-chat__messages" aria-live="polite">
        ${this.messages.length === 0
          ? html`<li class="visio-muted">${t("visio.chatEmpty")}</li>`
          : this.messages.map(
              (message) => html`<li class="visio-chat__message">
                <span class="visio-chat__who">${message.name}</span>
                <time class="visio-muted" datetime=${message.at}>
                  ${new Date(message.at).toLocaleTimeString(locale(), { timeStyle: "short" })}
                </time>
                <p class="visio-chat__text">${message.text}</p>
              </li>`,
            )}
      </ol>
      <form class="visio-chat__form" @submit=${this.send}>
        <label class="fr-label" for="visio-chat-text">${t("visio.chatWrite")}</label>
        <div class="visio-goto__row">
          <input class="fr-input" id="visio-chat-text" name="text" maxlength="2000" autocomplete="off" />
          <button class="fr-btn" type="submit">${t("visio.chatSend")}</button>
        </div>
      </form>
    </aside>`;
  }
}
