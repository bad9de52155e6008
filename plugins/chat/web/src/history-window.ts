// The stretch of a channel's history its message list holds, and how it moves.
//
// Messages are kept by `seq`, so an event, an HTTP answer and a replayed event of
// the same message are one entry; when the live stream skips numbers, what is
// missing is asked for over HTTP. The window starts at the latest page, or around
// a message (a link, a pin), and grows a page at a time before or after. Away from
// the present (the latest message not loaded), live messages are held back, since
// they would land after a gap, and counted; coming back to the present brings them
// in. The view showing the window keeps the scrolling: the window knows no DOM.
import type { ReactiveControllerHost } from "lit";
import { chatApi, type Message } from "./api";
import { myId } from "./base";

/** Messages asked for at a time. */
const PAGE = 50;
/** The most messages asked for to fill a gap in the live stream. */
const GAP = 200;

export class HistoryWindow {
  private loaded: Message[] = [];
  private startLoaded = false;
  private endLoaded = true;
  private paging = false;
  /** Live messages heard while the latest ones are not loaded, by `seq`. */
  private heldBack = new Map<number, Message>();
  /** Counts the channels opened: an answer asked for an earlier one is dropped. */
  private opened = 0;

  /**
   * `host` renders the window; `channelId` is the channel it shows, asked at each
   * load; `failed` hears why a load failed.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly channelId: () => string,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** The messages loaded, in `seq` order. */
  get messages(): readonly Message[] {
    return this.loaded;
  }

  /** Every earlier message is loaded. */
  get reachedStart(): boolean {
    return this.startLoaded;
  }

  /** The latest messages are loaded (not so after going to an old message). */
  get reachedEnd(): boolean {
    return this.endLoaded;
  }

  /** A page before or after the messages loaded is on its way (one at a time). */
  get loading(): boolean {
    return this.paging;
  }

  /** The `seq` of the last message loaded, 0 when there is none. */
  get last(): number {
    return this.loaded.at(-1)?.seq ?? 0;
  }

  /** Messages of others held back that the list does not show yet. */
  get unseen(): number {
    const [last, me] = [this.last, myId()];
    return [...this.heldBack.values()].filter((m) => m.seq > last && m.author_id !== me && !m.deleted).length;
  }

  /** Starts over, empty, for another channel; answers asked for the one before are dropped. */
  reset(): void {
    this.opened++;
    this.loaded = [];
    this.startLoaded = false;
    this.endLoaded = true;
    this.paging = false;
    this.heldBack = new Map();
    this.host.requestUpdate();
  }

  /**
   * What `load` answers, or undefined once another channel opened while it was on
   * its way or when it failed (reported to `failed` unless another channel opened).
   */
  async current<T>(load: Promise<T>): Promise<T | undefined> {
    const opened = this.opened;
    try {
      const answer = await load;
      return opened === this.opened ? answer : undefined;
    } catch (error) {
      if (opened === this.opened) this.failed(error);
      return undefined;
    }
  }

  /** Asks for the latest page of history, or the one `around` message `seq`. */
  page(around: number | null = null): Promise<Message[]> {
    return chatApi.history(this.channelId(), around ? { around, limit: PAGE } : { limit: PAGE });
  }

  /** `page`, as {@link page} answered it for `around`, in place of the messages loaded. */
  show(page: Message[], around: number | null = null): void {
    this.loaded = [];
    this.merge(page);
    if (around) {
      // The API gives up to half a page before `around`, and fills the rest from it on.
      this.startLoaded = page.filter((m) => m.seq < around).length < Math.floor(PAGE / 2);
      this.reachedPresent(page.length < PAGE);
    } else {
      this.startLoaded = page.length < PAGE;
      this.reachedPresent(true);
    }
  }

  /**
   * A live message of the channel: in the list, with those it skipped, when the
   * latest messages are loaded; else held back. Resolves true once it is in the list.
   */
  async take(message: Message): Promise<boolean> {
    if (!this.endLoaded) {
      this.heldBack = new Map(this.heldBack).set(message.seq, message);
      this.host.requestUpdate();
      return false;
    }
    const last = this.last;
    let found = [message];
    if (this.loaded.length && message.seq > last + 1) {
      // Something came between: fetch what is missing, this one included.
      const opened = this.opened;
      try {
        found = await chatApi.history(this.channelId(), { after: last, limit: GAP });
      } catch {
        // The gap stays; this message is shown all the same.
      }
      if (opened !== this.opened) return false;
    }
    this.merge(found);
    return true;
  }

  /** A message of the channel that changed; true when the list shows it. */
  replace(message: Message): boolean {
    if (this.heldBack.has(message.seq)) {
      this.heldBack = new Map(this.heldBack).set(message.seq, message);
      this.host.requestUpdate();
    }
    // One not loaded stays out: the list would have a gap that loading more skips.
    if (!this.loaded.some((m) => m.seq === message.seq)) return false;
    this.merge([message]);
    return true;
  }

  /** Changes message `messageId` with `change`, if it is loaded or held back. */
  patch(messageId: string, change: (message: Message) => Message): void {
    this.loaded = this.loaded.map((m) => (m.id === messageId ? change(m) : m));
    const held = [...this.heldBack.values()].find((m) => m.id === messageId);
    if (held) this.heldBack = new Map(this.heldBack).set(held.seq, change(held));
    this.host.requestUpdate();
  }

  /** Leaves the old messages for the latest page; true once it shows. */
  async toPresent(): Promise<boolean> {
    const page = await this.current(this.page());
    if (!page) return false;
    this.show(page);
    return true;
  }

  /**
   * Loads the history around message `seq` in place of the messages loaded, unless
   * it is among them; true once the host rendered it.
   */
  async bringIn(seq: number): Promise<boolean> {
    if (this.loaded.some((m) => m.seq === seq)) return true;
    const page = await this.current(this.page(seq));
    if (!page) return false;
    this.show(page, seq);
    await this.host.updateComplete;
    return true;
  }

  /**
   * Loads the page before the first message loaded; `keepingPlace` applies it
   * (calls `prepend`) so that the reader keeps their place in the list.
   */
  async loadOlder(keepingPlace: (prepend: () => void) => Promise<void>): Promise<void> {
    const first = this.loaded[0]?.seq ?? 1;
    if (this.paging || this.startLoaded || first <= 1) return;
    await this.paged(chatApi.history(this.channelId(), { before: first, limit: PAGE }), (older) =>
      keepingPlace(() => {
        this.merge(older);
        this.startLoaded = older.length < PAGE;
      }),
    );
  }

  /** Loads the page after the last message loaded, which may reach the present. */
  async loadNewer(): Promise<void> {
    if (this.paging) return;
    await this.paged(chatApi.history(this.channelId(), { after: this.last, limit: PAGE }), async (newer) => {
      this.merge(newer);
      this.reachedPresent(newer.length < PAGE);
    });
  }

  /** Applies the page `load` answers with `apply`, unless another channel opened meanwhile. */
  private async paged(load: Promise<Message[]>, apply: (page: Message[]) => Promise<void>): Promise<void> {
    const opened = this.opened;
    this.setPaging(true);
    try {
      const page = await this.current(load);
      if (page) await apply(page);
    } finally {
      // The channel opened meanwhile has its own paging.
      if (opened === this.opened) this.setPaging(false);
    }
  }

  private setPaging(paging: boolean): void {
    this.paging = paging;
    this.host.requestUpdate();
  }

  private merge(found: Message[]): void {
    if (!found.length) return;
    const bySeq = new Map(this.loaded.map((m) => [m.seq, m]));
    for (const message of found) {
      const known = bySeq.get(message.seq);
      // An older copy (a replayed event) never replaces a newer one.
      if (!known || (message.edited_at ?? "") >= (known.edited_at ?? "") || message.deleted) {
        bySeq.set(message.seq, known?.deleted ? known : message);
      }
    }
    this.loaded = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    this.host.requestUpdate();
  }

  /**
   * Whether the messages loaded go up to the latest one. Once they do, live messages
   * flow in again, starting with those held back that the history did not hold yet
   * (they came while it was asked for).
   */
  private reachedPresent(reached: boolean): void {
    this.endLoaded = reached;
    this.host.requestUpdate();
    if (!reached) return;
    const last = this.last;
    this.merge([...this.heldBack.values()].filter((m) => m.seq > last));
    this.heldBack = new Map();
  }
}
