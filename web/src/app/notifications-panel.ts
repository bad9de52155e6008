// <lasuite-notifications-panel>: the bell in the header, its unread count, and the
// panel listing the user's notifications; new ones arrive live on `core:user:<id>`.
// A plugin may render its own kinds with a fragment in the `notification` slot: its
// element gets the notification as its `notification` property.
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { api } from "../shell/api";
import { LOCALES, locale, t, type Locale } from "../shell/i18n";
import { realtime, type RealtimeMessage, type Subscription } from "../shell/realtime";
import type { FragmentRef, SessionState } from "../shell/session";
import { createFragment } from "./fragment";
import { LightElement } from "./light-element";

export interface Notification {
  id: string;
  organization_id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  data: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
}

interface NotificationPage {
  items: Notification[];
  next_cursor: string | null;
}

const LIST = "/api/v1/notifications/";
const PAGE_SIZE = 20;
/** Unread notifications counted exactly; beyond, the badge says "99+". */
const COUNT_LIMIT = 99;
const TIME_FORMATS = Object.fromEntries(
  LOCALES.map((code) => [
    code,
    new Intl.DateTimeFormat(code, { dateStyle: "short", timeStyle: "short" }),
  ]),
) as Record<Locale, Intl.DateTimeFormat>;
export const CREATED = "core.notification.created";

@customElement("lasuite-notifications-panel")
export class LasuiteNotificationsPanel extends LightElement {
  @property({ attribute: false }) state: SessionState | null = null;

  @state() private open = false;
  @state() private items: Notification[] = [];
  @state() private nextCursor: string | null = null;
  @state() private unread = 0;
  @state() private failed = false;
  @state() private announcement = "";

  @query("#lasuite-notifications-button") private bell?: HTMLButtonElement;

  private topic = "";
  private stopTopic?: Subscription;
  private loads = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("click", this.closeOutside);
  }

  override disconnectedCallback(): void {
    document.removeEventListener("click", this.closeOutside);
    this.follow("");
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has("state")) return;
    const me = this.state?.me;
    const who = me ? `core:user:${me.id}` : "";
    const organization = me?.organization_id ?? "";
    const before = changed.get("state")?.me.organization_id ?? "";
    if (who !== this.topic || organization !== before) {
      this.follow(who);
      this.open = false;
      if (who) void this.reload();
    }
  }

  /** Listen to the user's topic (`""`: nobody signed in). */
  private follow(topic: string): void {
    if (topic === this.topic) return;
    this.stopTopic?.();
    this.stopTopic = undefined;
    this.topic = topic;
    this.items = [];
    this.unread = 0;
    this.nextCursor = null;
    if (topic) this.stopTopic = realtime.subscribe<Notification>(topic, this.onMessage);
  }

  private readonly onMessage = (message: RealtimeMessage<Notification>): void => {
    if (message.type === "resync") {
      void this.reload();
    } else if (message.type === "event" && message.name === CREATED) {
      const notification = message.data;
      // The user's topic carries every organization's; the list shows the current one's.
      if (notification.organization_id !== this.state?.me.organization_id) return;
      if (this.items.some((n) => n.id === notification.id)) return;
      this.items = [notification, ...this.items];
      if (!notification.read_at) this.unread += 1;
      this.announcement = t("notifications.new", { title: notification.title });
    }
  };

  /** The first page and the unread count, from the API. */
  private async reload(): Promise<void> {
    const attempt = ++this.loads;
    try {
      const [page, unread] = await Promise.all([
        api.get<NotificationPage>(`${LIST}?limit=${PAGE_SIZE}`),
        api.get<NotificationPage>(`${LIST}?unread=true&limit=${COUNT_LIMIT + 1}`),
      ]);
      if (attempt !== this.loads) return;
      // Live ones that arrived during the load are in the page too.
      this.items = page.items;
      this.nextCursor = page.next_cursor;
      this.unread = unread.items.length;
      this.failed = false;
    } catch (error) {
      if (attempt !== this.loads) return;
      console.error("lasuite: the notifications could not be loaded:", error);
      this.failed = true;
    }
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    try {
      const page = await api.get<NotificationPage>(
        `${LIST}?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(this.nextCursor)}`,
      );
      const known = new Set(this.items.map((n) => n.id));
      this.items = [...this.items, ...page.items.filter((n) => !known.has(n.id))];
      this.nextCursor = page.next_cursor;
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  private async markRead(notification: Notification): Promise<void> {
    if (notification.read_at) return;
    const read = { ...notification, read_at: new Date().toISOString() };
    this.items = this.items.map((n) => (n.id === notification.id ? read : n));
    this.unread = Math.max(0, this.unread - 1);
    try {
      await api.post(`${LIST}${notification.id}/read`);
    } catch {
      void this.reload();
    }
  }

  private async markAllRead(): Promise<void> {
    const now = new Date().toISOString();
    this.items = this.items.map((n) => (n.read_at ? n : { ...n, read_at: now }));
    this.unread = 0;
    try {
      await api.post(`${LIST}read-all`);
    } catch {
      void this.reload();
    }
  }

  private toggle(): void {
    this.open = !this.open;
  }

  private close({ focusBell }: { focusBell: boolean }): void {
    if (!this.open) return;
    this.open = false;
    if (focusBell) this.bell?.focus();
  }

  private readonly closeOutside = (event: Event): void => {
    if (this.open && !event.composedPath().includes(this)) this.close({ focusBell: false });
  };

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === "Escape" && this.open) {
      event.stopPropagation();
      this.close({ focusBell: true });
    }
  }

  private follows(notification: Notification): void {
    void this.markRead(notification);
    // A link inside the workspace is followed by the router without a reload.
    if (notification.link) this.close({ focusBell: false });
  }

  protected override render() {
    if (!this.state) return nothing;
    const count = this.unread > COUNT_LIMIT ? `${COUNT_LIMIT}+` : String(this.unread);
    return html`<div
      class="lasuite-tool lasuite-tool--button lasuite-notifications"
      @keydown=${this.onKeydown}
    >
      <button
        type="button"
        class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-notification-3-line"
        id="lasuite-notifications-button"
        aria-expanded=${this.open ? "true" : "false"}
        aria-controls="lasuite-notifications"
        title=${t("notifications.title")}
        @click=${this.toggle}
      >
        ${this.unread
          ? t("notifications.bellUnread", { count })
          : t("notifications.title")}
      </button>
      ${this.unread
        ? html`<span
            class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon lasuite-notifications__count"
            aria-hidden="true"
            >${count}</span
          >`
        : nothing}
      <div
        class="lasuite-menu lasuite-notifications__panel"
        id="lasuite-notifications"
        role="region"
        aria-label=${t("notifications.title")}
        ?hidden=${!this.open}
      >
        <div class="lasuite-notifications__head">
          <h2 class="fr-h6 fr-mb-0">${t("notifications.title")}</h2>
          <button
            type="button"
            class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm"
            ?disabled=${!this.unread}
            @click=${this.markAllRead}
          >
            ${t("notifications.markAll")}
          </button>
        </div>
        ${this.failed
          ? html`<p class="fr-error-text fr-px-2w">${t("notifications.failed")}</p>`
          : nothing}
        ${this.items.length
          ? html`<ul class="lasuite-menu__list lasuite-notifications__list">
              ${repeat(
                this.items,
                (n) => n.id,
                (n) => this.renderItem(n),
              )}
            </ul>`
          : html`<p class="lasuite-notifications__empty">${t("notifications.empty")}</p>`}
        ${this.nextCursor
          ? html`<button
              type="button"
              class="fr-btn fr-btn--secondary fr-btn--sm lasuite-notifications__more"
              @click=${this.loadMore}
            >
              ${t("notifications.more")}
            </button>`
          : nothing}
      </div>
      <p class="fr-sr-only" aria-live="polite" id="lasuite-notifications-live">
        ${this.announcement}
      </p>
    </div>`;
  }

  private renderItem(notification: Notification) {
    const unread = !notification.read_at;
    const content = html`<lasuite-notification-view
        .notification=${notification}
        .fragment=${this.fragmentFor(notification)}
      ></lasuite-notification-view>
      ${unread ? html`<span class="fr-sr-only">${t("notifications.unread")}</span>` : nothing}`;
    const classes = `lasuite-menu__item lasuite-notification${
      unread ? " lasuite-notification--unread" : ""
    }`;
    return html`<li data-notification=${notification.id}>
      ${notification.link
        ? html`<a
            class=${classes}
            href=${notification.link}
            @click=${() => this.follows(notification)}
            >${content}</a
          >`
        : html`<button type="button" class=${classes} @click=${() => this.follows(notification)}>
            ${content}
          </button>`}
    </li>`;
  }

  /** The plugin's fragment for this kind (`<plugin id>.…`), if it declared one. */
  private fragmentFor(notification: Notification): FragmentRef | undefined {
    const plugin = notification.kind.split(".", 1)[0];
    return this.state?.workspace.slots["notification"]?.find((ref) => ref.plugin === plugin);
  }
}

/** One notification: the plugin's element for its kind, else title, body and time. */
@customElement("lasuite-notification-view")
export class LasuiteNotificationView extends LightElement {
  @property({ attribute: false }) notification!: Notification;
  @property({ attribute: false }) fragment?: FragmentRef;

  @state() private element?: HTMLElement & { notification?: Notification };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("fragment")) {
      this.element = undefined;
      if (this.fragment) void this.load(this.fragment);
    }
    if (this.element) this.element.notification = this.notification;
  }

  private async load(ref: FragmentRef): Promise<void> {
    try {
      const element = (await createFragment(ref)) as HTMLElement & { notification?: Notification };
      if (ref !== this.fragment) return;
      element.notification = this.notification;
      this.element = element;
    } catch (error) {
      // The default rendering stays.
      console.error(`lasuite: the notification fragment <${ref.element}> failed:`, error);
    }
  }

  protected override render() {
    if (this.element) return this.element;
    const { title, body, created_at: createdAt } = this.notification;
    const when = new Date(createdAt);
    return html`<span class="lasuite-notification__text">
      <strong class="lasuite-notification__title">${title}</strong>
      ${body ? html`<span class="lasuite-notification__body">${body}</span>` : nothing}
      <time class="lasuite-notification__time" datetime=${createdAt}
        >${TIME_FORMATS[locale()].format(when)}</time
      >
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-notifications-panel": LasuiteNotificationsPanel;
    "lasuite-notification-view": LasuiteNotificationView;
  }
}
