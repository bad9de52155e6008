// The `nav` fragment: the workspace's navigation entry to /chat, with the number of
// unread messages beside it. It keeps the shared sidebar (unread.ts) fresh outside the
// chat page: read again every half minute while the page is visible and when the user is
// added to or taken out of a channel; the chat page keeps it live.
import { html, nothing } from "lit";
import { state } from "lit/decorators.js";
import { realtime, t, type Subscription } from "@lasuite/shell";
import { userTopic } from "./api";
import { ChatElement, myId } from "./base";
import { lastSidebar, onSidebar, rereadSidebar, unreadIn } from "./unread";

const RECOUNT_EVERY = 30_000;

export class ChatNav extends ChatElement {
  @state() private unread = unreadIn(lastSidebar() ?? []);
  private stop?: () => void;
  private own?: Subscription;
  private recount?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stop = onSidebar((entries) => (this.unread = unreadIn(entries)));
    const me = myId();
    if (me) this.own = realtime.subscribe(userTopic(me), () => void this.count());
    this.recount = setInterval(() => {
      if (document.visibilityState === "visible") void this.count();
    }, RECOUNT_EVERY);
    void this.count();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
    this.own?.();
    clearInterval(this.recount);
  }

  private async count(): Promise<void> {
    try {
      await rereadSidebar();
    } catch {
      // A count is a nicety: the entry works without it.
    }
  }

  protected override render() {
    return html`<a class="fr-nav__link" href="/chat"
      >${t("chat.nav")}${this.unread
        ? html` <span class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--info chat-nav__unread"
              >${this.unread}<span class="fr-sr-only"> ${t("chat.unread", { count: this.unread })}</span></span
            >`
        : nothing}</a
    >`;
  }
}
