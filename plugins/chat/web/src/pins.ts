// <chat-pins>: the channel's pinned messages, in a panel under its header. A click on
// one (anywhere but on its links) asks the channel view to go to that message.
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { t } from "@lasuite/shell";
import { chatApi, type Message } from "./api";
import { ChatElement, reason } from "./base";

/** Fired (bubbling) with the pinned message the reader wants to see in the channel. */
export const GO_TO_PIN_EVENT = "chat-go-to-pin";

export class ChatPins extends ChatElement {
  @property({ attribute: false }) channelId = "";
  /** Members' names by user id. */
  @property({ attribute: false }) authors: Record<string, string> = {};

  @state() private pins: Message[] | null = null;
  @state() private error = "";

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("channelId")) void this.load();
  }

  /** Asks for the list again (a message was pinned or unpinned). */
  async load(): Promise<void> {
    const channelId = this.channelId;
    try {
      const pins = await chatApi.pins(channelId);
      if (channelId !== this.channelId) return;
      this.pins = pins;
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  private clicked(event: MouseEvent, message: Message): void {
    if ((event.target as Element).closest("a")) return;
    this.dispatchEvent(new CustomEvent<Message>(GO_TO_PIN_EVENT, { bubbles: true, detail: message }));
  }

  protected override render() {
    const pins = this.pins;
    return html`<section class="chat-pins fr-p-2w" aria-label=${t("chat.pinsTitle")}>
      <h3 class="fr-text--md fr-mb-1w">${t("chat.pinsTitle")}</h3>
      ${this.error ? html`<p class="fr-error-text fr-mt-0">${this.error}</p>` : nothing}
      ${pins === null
        ? html`<p class="fr-text--sm fr-mb-0">${t("chat.loading")}</p>`
        : pins.length
          ? html`<ul class="chat-pins__list">
              ${pins.map(
                (m) => html`<li class="chat-pins__item" @click=${(event: MouseEvent) => this.clicked(event, m)}>
                  <p class="fr-text--sm fr-text--bold fr-mb-0">
                    ${this.authors[m.author_id ?? ""] || (m.sender_name ?? t("chat.someone"))}
                  </p>
                  <!-- Sanitized on the server, as in <chat-message>. -->
                  <div class="chat-pins__body">${unsafeHTML(m.html)}</div>
                  <button class="fr-link fr-text--sm" type="button">${t("chat.pinShow")}</button>
                </li>`,
              )}
            </ul>`
          : html`<p class="fr-text--sm fr-mb-0">${t("chat.pinsEmpty")}</p>`}
    </section>`;
  }
}
