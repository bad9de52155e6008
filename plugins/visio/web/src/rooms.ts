// The organization's meeting rooms: start one now, create one for later, join by link.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { navigate, t } from "@lasuite/shell";
import { visioApi, type AccessLevel, type Room } from "./api";
import { reason, VisioElement } from "./base";

const LEVELS: AccessLevel[] = ["trusted", "public", "restricted"];

export class VisioRooms extends VisioElement {
  @state() private rooms: Room[] = [];
  @state() private error = "";
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.rooms = await visioApi.rooms();
      this.error = "";
    } catch (error) {
      this.error = reason(error);
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    try {
      const room = await visioApi.create({
        name: String(data.get("name") ?? "").trim(),
        access_level: String(data.get("access_level")) as AccessLevel,
        kind: data.get("one_off") ? "one_off" : "permanent",
      });
      form.reset();
      if (event.submitter?.dataset.start !== undefined) navigate(`/visio/${room.slug}`);
      else await this.load();
    } catch (error) {
      this.error = reason(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(room: Room): Promise<void> {
    const link = `${window.location.origin}/visio/${room.slug}`;
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      window.prompt(t("visio.copyLink"), link);
    }
  }

  private goTo(event: SubmitEvent): void {
    event.preventDefault();
    const value = String(new FormData(event.target as HTMLFormElement).get("link") ?? "").trim();
    const slug = value.split("/").filter(Boolean).pop() ?? "";
    if (slug) navigate(`/visio/${slug}`);
  }

  protected override render() {
    return html`
      <div class="visio-rooms">
        <h1 class="fr-h3">${t("visio.title")}</h1>
        ${this.error
          ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
              <p>${this.error}</p>
            </div>`
          : nothing}
        <form class="visio-create fr-mb-4w" @submit=${this.create}>
          <div class="fr-input-group">
            <label class="fr-label" for="visio-room-name">${t("visio.roomName")}</label>
            <input class="fr-input" id="visio-room-name" name="name" required maxlength="200" />
          </div>
          <div class="fr-select-group">
            <label class="fr-label" for="visio-room-access">${t("visio.access")}</label>
            <select class="fr-select" id="visio-room-access" name="access_level">
              ${LEVELS.map(
                (level) => html`<option value=${level}>${t(`visio.access.${level}`)}</option>`,
              )}
            </select>
          </div>
          <div class="fr-checkbox-group fr-mb-2w">
            <input type="checkbox" id="visio-room-once" name="one_off" />
            <label class="fr-label" for="visio-room-once">${t("visio.oneOff")}</label>
          </div>
          <ul class="fr-btns-group fr-btns-group--inline-sm">
            <li>
              <button class="fr-btn" type="submit" data-start ?disabled=${this.busy}>
                ${t("visio.startNow")}
              </button>
            </li>
            <li>
              <button class="fr-btn fr-btn--secondary" type="submit" ?disabled=${this.busy}>
                ${t("visio.createForLater")}
              </button>
            </li>
          </ul>
        </form>
        <form class="visio-goto fr-mb-4w" @submit=${this.goTo}>
          <label class="fr-label" for="visio-link">${t("visio.joinByLink")}</label>
          <div class="fr-input-wrap visio-goto__row">
            <input class="fr-input" id="visio-link" name="link" placeholder="abc-defg-hij" />
            <button class="fr-btn fr-btn--tertiary" type="submit">${t("visio.join")}</button>
          </div>
        </form>
        <h2 class="fr-h5">${t("visio.myRooms")}</h2>
        ${this.rooms.length === 0
          ? html`<p class="visio-muted">${t("visio.noRooms")}</p>`
          : html`<ul class="visio-room-list">
              ${this.rooms.map(
                (room) => html`<li class="visio-room">
                  <div class="visio-room__text">
                    <a class="visio-room__name" href="/visio/${room.slug}">${room.name}</a>
                    <span class="visio-muted">${room.slug} · ${t(`visio.access.${room.access_level}`)}</span>
                  </div>
                  <button
                    class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
                    type="button"
                    @click=${() => this.copy(room)}
                  >
                    ${t("visio.copyLink")}
                  </button>
                  <a class="fr-btn fr-btn--sm" href="/visio/${room.slug}">${t("visio.join")}</a>
                </li>`,
              )}
            </ul>`}
      </div>
    `;
  }
}
