// <chat-members>: the people of a channel, with a presence dot each when the
// presence API answers (it follows `core.presence.changed` on the channel's topic,
// the subscription the channel view already holds).
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { realtime, t, type Subscription } from "@lasuite/shell";
import { channelTopic, chatApi, type Member, type Presence } from "./api";
import { ChatElement } from "./base";

type Status = Presence["status"];

export class ChatMembers extends ChatElement {
  @property({ attribute: false }) channelId = "";
  @property({ attribute: false }) members: Member[] = [];
  /** Null until (or unless) the presence API answers: no dots then. */
  @state() private presence: Record<string, Status> | null = null;
  private subscription?: Subscription;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("channelId")) void this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscription?.();
    this.subscription = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.channelId && !this.subscription) void this.follow();
  }

  private async follow(): Promise<void> {
    this.subscription?.();
    this.presence = null;
    const id = this.channelId;
    this.subscription = realtime.subscribe(channelTopic(id), (message) => {
      if (message.type !== "event" || message.name !== "core.presence.changed" || !this.presence) return;
      const data = message.data as { user_id: string; status: Status };
      this.presence = { ...this.presence, [data.user_id]: data.status };
    });
    try {
      const present = await chatApi.presence(id);
      if (id === this.channelId) this.presence = Object.fromEntries(present.map((p) => [p.user_id, p.status]));
    } catch {
      // Presence is a nicety: without it, no dots.
    }
  }

  protected override render() {
    const presence = this.presence;
    return html`<aside class="chat-members" aria-labelledby="chat-members-title">
      <h3 class="fr-text--sm fr-text--bold fr-mb-1v" id="chat-members-title">
        ${t("chat.members", { count: this.members.length })}
      </h3>
      <ul>
        ${this.members.map((m) => {
          const status = presence ? (presence[m.user_id] ?? "offline") : null;
          return html`<li class="chat-member" data-user=${m.user_id} data-presence=${status ?? nothing}>
            ${status
              ? html`<span class="chat-presence chat-presence--${status}" aria-hidden="true"></span
                  ><span class="fr-sr-only">${t(`chat.presence.${status}`)}</span>`
              : nothing}
            ${m.display_name}${m.role !== "member"
              ? html` <span class="fr-text--xs">(${t(`chat.role.${m.role}`)})</span>`
              : nothing}
          </li>`;
        })}
      </ul>
    </aside>`;
  }
}
