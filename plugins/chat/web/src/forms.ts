// The pages that change which channels the user is in: browse and join public
// channels (/chat/browse), create one (/chat/new), talk to one person (/chat/direct).
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { t } from "@lasuite/shell";
import { chatApi, type Channel, type OrgMember } from "./api";
import { openChannel } from "./app";
import { ChatElement, errorAlert, myId, reachablePeople, reason } from "./base";

export class ChatBrowse extends ChatElement {
  @state() private channels: Channel[] | null = null;
  @state() private error = "";

  override connectedCallback(): void {
    super.connectedCallback();
    chatApi.browse().then(
      (channels) => (this.channels = channels),
      (error) => (this.error = reason(error)),
    );
  }

  private async join(channel: Channel): Promise<void> {
    try {
      await chatApi.join(channel.id);
      openChannel(this, channel.id);
    } catch (error) {
      this.error = reason(error);
    }
  }

  protected override render() {
    const open = this.channels?.filter((c) => !c.role) ?? [];
    return html`<h2 class="fr-h4">${t("chat.browseTitle")}</h2>
      ${errorAlert(this.error)}
      ${this.channels === null
        ? html`<p>${t("chat.loading")}</p>`
        : open.length
          ? html`<ul class="chat-browse">
              ${open.map(
                (channel) => html`<li class="chat-browse__item">
                  <div>
                    <p class="fr-text--bold fr-mb-0">#${channel.name}</p>
                    ${channel.topic ? html`<p class="fr-text--sm fr-mb-0">${channel.topic}</p>` : nothing}
                  </div>
                  <button
                    class="fr-btn fr-btn--sm fr-btn--secondary"
                    type="button"
                    aria-label=${t("chat.joinNamed", { name: channel.name ?? "" })}
                    @click=${() => this.join(channel)}
                  >
                    ${t("chat.join")}
                  </button>
                </li>`,
              )}
            </ul>`
          : html`<p>${t("chat.browseNone")}</p>`}`;
  }
}

export class ChatCreate extends ChatElement {
  @state() private error = "";
  @state() private busy = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    try {
      const channel = await chatApi.create({
        name: String(data.get("name") ?? "").trim(),
        kind: data.get("kind") === "private" ? "private" : "public",
        topic: String(data.get("topic") ?? "").trim(),
      });
      openChannel(this, channel.id);
    } catch (error) {
      this.error = reason(error);
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<h2 class="fr-h4">${t("chat.createTitle")}</h2>
      ${errorAlert(this.error)}
      <form @submit=${this.submit}>
        <div class="fr-input-group">
          <label class="fr-label" for="chat-create-name"
            >${t("chat.name")}<span class="fr-hint-text">${t("chat.nameHint")}</span></label
          >
          <input class="fr-input" id="chat-create-name" name="name" required maxlength="80" autocomplete="off" />
        </div>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">${t("chat.kind")}</legend>
          ${(["public", "private"] as const).map(
            (kind) => html`<div class="fr-fieldset__element">
              <div class="fr-radio-group">
                <input type="radio" id="chat-create-${kind}" name="kind" value=${kind} ?checked=${kind === "public"} />
                <label class="fr-label" for="chat-create-${kind}"
                  >${t(`chat.kind.${kind}`)}<span class="fr-hint-text">${t(`chat.kindHint.${kind}`)}</span></label
                >
              </div>
            </div>`,
          )}
        </fieldset>
        <div class="fr-input-group">
          <label class="fr-label" for="chat-create-topic">${t("chat.topic")}</label>
          <input class="fr-input" id="chat-create-topic" name="topic" maxlength="2000" autocomplete="off" />
        </div>
        <button class="fr-btn" type="submit" ?disabled=${this.busy}>${t("chat.createSubmit")}</button>
      </form>`;
  }
}

export class ChatDirect extends ChatElement {
  @state() private people: Pick<OrgMember, "user_id" | "display_name">[] | null = null;
  @state() private error = "";

  override connectedCallback(): void {
    super.connectedCallback();
    const me = myId();
    reachablePeople().then(
      (people) => (this.people = people.filter((p) => p.user_id !== me)),
      (error) => (this.error = reason(error)),
    );
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const userId = String(new FormData(event.target as HTMLFormElement).get("user") ?? "");
    if (!userId) return;
    try {
      openChannel(this, (await chatApi.openConversation([userId])).id);
    } catch (error) {
      this.error = reason(error);
    }
  }

  protected override render() {
    return html`<h2 class="fr-h4">${t("chat.directTitle")}</h2>
      ${errorAlert(this.error)}
      ${this.people === null
        ? html`<p>${t("chat.loading")}</p>`
        : html`<form @submit=${this.submit}>
            <div class="fr-select-group">
              <label class="fr-label" for="chat-direct-user">${t("chat.person")}</label>
              <select class="fr-select" id="chat-direct-user" name="user" required>
                <option value="" selected disabled>${t("chat.personPick")}</option>
                ${this.people.map((p) => html`<option value=${p.user_id}>${p.display_name}</option>`)}
              </select>
            </div>
            <button class="fr-btn" type="submit">${t("chat.directSubmit")}</button>
          </form>`}`;
  }
}
