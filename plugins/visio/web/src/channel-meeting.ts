// <visio-channel-meeting>: visio's action in a chat channel's header (chat's slot
// `chat.channel.action`): start a meeting, announce it in the channel with a card that
// links to it, and go to it. Chat gives the element `channel` ({ id, name }).
import { html } from "lit";
import { property, state } from "lit/decorators.js";
import { navigate, t } from "@lasuite/shell";
import { visioApi } from "./api";
import { reason, VisioElement } from "./base";

export interface ChannelRef {
  id: string;
  name: string;
}

export class VisioChannelMeeting extends VisioElement {
  @property({ attribute: false }) channel: ChannelRef | null = null;
  @state() private busy = false;
  @state() private error = "";

  private readonly start = async (): Promise<void> => {
    const channel = this.channel;
    if (!channel) return;
    this.busy = true;
    this.error = "";
    try {
      const room = await visioApi.create({
        name: t("visio.channel.roomName", { name: channel.name }),
        access_level: "trusted",
        kind: "one_off",
      });
      await visioApi.announce(room.slug, channel.id);
      navigate(`/visio/${room.slug}`);
    } catch (error) {
      this.error = reason(error);
    } finally {
      this.busy = false;
    }
  };

  protected override render() {
    return html`<button
        type="button"
        class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-video-chat-line fr-btn--icon-left"
        ?disabled=${this.busy}
        @click=${this.start}
      >
        ${t("visio.channel.start")}
      </button>
      ${this.error
        ? html`<p class="fr-message fr-message--error visio-channel-error" role="alert">${this.error}</p>`
        : ""}`;
  }
}
