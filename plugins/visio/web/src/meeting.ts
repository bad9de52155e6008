// A meeting at /visio/<slug>: the device check before joining, the lobby wait, then the
// meeting itself — everyone's video in a grid, microphone, camera, screen share, raised
// hands and reactions, the participants and (for hosts) the lobby.
import { html, nothing, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, locale, session, t } from "@lasuite/shell";
import { visioApi, type Breakout, type Joined, type Person, type Recording } from "./api";
import { reason, VisioElement } from "./base";
import type { ChatMessage } from "./meeting-chat";
import { MeetingSocket, type MeetingMessage } from "./meeting-socket";
import { LiveKitMedia } from "./livekit-media";
import { Mesh } from "./mesh";
import { Speakers } from "./speakers";

type Stage = "prejoin" | "joining" | "waiting" | "in" | "refused" | "ended";
type Layout = "grid" | "speaker";

/** One video shown: someone's camera or screen (``peer`` undefined: this participant's). */
interface View {
  key: string;
  peer: string | undefined;
  screen: boolean;
  name: string;
  body: TemplateResult;
  caption: TemplateResult;
}

/** Ctrl+Alt (⌘+Option) with these keys, by the key's place on the keyboard. */
const SHORTCUTS: [code: string, action: string][] = [
  ["KeyH", "hand"],
  ["KeyC", "chat"],
  ["KeyP", "participants"],
  ["KeyV", "layout"],
];
const OWN = "own";
const OWN_SCREEN = "own-screen";

interface Tile {
  /** The stream's id. */
  key: string;
  peer: string;
  stream: MediaStream;
  screen: boolean;
}

export const REACTIONS = ["👍", "👏", "😂", "❤️", "🎉", "😮", "🙏", "✋"];
const REACTION_SHOWN_MS = 4000;
const GUEST_NAME_KEY = "visio-guest-name";

export class VisioMeeting extends VisioElement {
  @property() slug = "";
  /** Someone not signed in: they give the name the others will see. */
  @property({ type: Boolean }) guest = false;
  @state() private guestName = localStorage.getItem(GUEST_NAME_KEY) ?? "";
  @state() private stage: Stage = "prejoin";
  @state() private message = "";
  @state() private roomName = "";
  @state() private me: Person | null = null;
  @state() private people: Record<string, Person> = {};
  @state() private lobby: Person[] = [];
  @state() private tiles: Tile[] = [];
  @state() private micOn = true;
  @state() private cameraOn = true;
  @state() private sharing = false;
  @state() private panel = false;
  @state() private chatOpen = false;
  @state() private messages: ChatMessage[] = [];
  /** Messages come while the chat was closed. */
  @state() private unread = 0;
  @state() private shown: { id: string; emoji: string; key: number }[] = [];
  @state() private noDevices = false;
  /** The breakout rooms open now, if any. */
  @state() private breakout: Breakout | null = null;
  /** The breakout room (null: the main one) whose LiveKit room this page is in. */
  private liveKitGroup: number | null = null;
  @state() private breakoutsOpen = false;
  /** Through the video server (LiveKit) or a mesh of browsers. */
  @state() private mode: Joined["mode"] = "mesh";
  /** The meeting's recording going on, if any (everyone is told). */
  @state() private recording: Recording | null = null;
  /** The meeting's socket welcomed this participant: the meeting is recorded as held. */
  @state() private welcomed = false;
  /** The meeting's notes page, once someone here asked for it. */
  @state() private notesLink: string | null = null;
  /** Everyone's video alike, or one large (the speaker's, a screen, or the one pinned). */
  @state() private layout: Layout = "grid";
  /** The view kept large whoever speaks (its key). */
  @state() private pinned: string | null = null;
  /** The participants heard now (their ids; this participant's own too). */
  @state() private speaking = new Set<string>();
  /** The other participant who spoke last: shown large in the speaker layout. */
  @state() private speaker: string | null = null;

  private local: MediaStream | null = null;
  private screen: MediaStream | null = null;
  private mesh: Mesh | null = null;
  private media: LiveKitMedia | null = null;
  private socket: MeetingSocket | null = null;
  private reactionKey = 0;
  /** The camera and microphone being asked for: joining waits for the answer. */
  private previewing: Promise<void> = Promise.resolve();
  private speakers: Speakers | null = null;
  private readonly onKey = (event: KeyboardEvent) => this.shortcut(event);

  private get ticketKey(): string {
    return `visio-ticket:${this.slug}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("keydown", this.onKey);
    this.previewing = this.preview();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("keydown", this.onKey);
    this.hangUp();
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.local = null;
  }

  /** The camera and microphone, shown before joining (either may be missing or refused). */
  private async preview(): Promise<void> {
    for (const wanted of [{ audio: true, video: true }, { audio: true }, { video: true }]) {
      try {
        this.local = await navigator.mediaDevices.getUserMedia(wanted);
        this.noDevices = false;
        this.requestUpdate();
        return;
      } catch {
        this.noDevices = true;
      }
    }
  }

  private async join(): Promise<void> {
    this.stage = "joining";
    await this.previewing;
    const ticket = sessionStorage.getItem(this.ticketKey) ?? undefined;
    let joined: Joined;
    try {
      const name = this.guest ? this.guestName.trim() : undefined;
      joined = await visioApi.join(this.slug, { ...(ticket ? { ticket } : {}), ...(name ? { name } : {}) });
    } catch (error) {
      this.refuse(error);
      return;
    }
    sessionStorage.setItem(this.ticketKey, joined.ticket);
    this.roomName = joined.room.name;
    this.me = joined.you;
    if (joined.status === "waiting") this.wait(joined);
    else this.enter(joined);
  }

  private refuse(error: unknown): void {
    if (error instanceof ApiError && error.code === "visio.entry_denied") {
      sessionStorage.removeItem(this.ticketKey);
    }
    this.stage = "refused";
    this.message = reason(error);
  }

  private wait(joined: Joined): void {
    this.stage = "waiting";
    this.socket = new MeetingSocket(
      this.slug,
      joined.ticket,
      (message) => {
        if (message.type === "admitted") void this.join();
        if (message.type === "denied") {
          sessionStorage.removeItem(this.ticketKey);
          this.stage = "refused";
          this.message = t("visio.denied");
        }
      },
      () => undefined,
    );
  }

  private enter(joined: Joined): void {
    this.stage = "in";
    this.mode = joined.mode;
    const me = joined.you.id;
    const socket = new MeetingSocket(
      this.slug,
      joined.ticket,
      (message) => void this.hear(message),
      (code, why) => this.closed(code, why),
    );
    this.socket = socket;
    if (this.layout === "speaker") this.listenToSpeakers();
    const shown = {
      stream: (peer: string, stream: MediaStream, screen?: boolean) => this.showStream(peer, stream, screen),
      streamEnded: (_peer: string, id: string) => this.endStream(id),
    };
    if (joined.mode === "livekit" && joined.livekit) {
      this.media = new LiveKitMedia({ ...shown, lost: () => (this.message = t("visio.videoServerLost")) });
      void this.media.connect(joined.livekit.url, joined.livekit.token, this.local);
      return;
    }
    this.mesh = new Mesh(
      me,
      (to, data) => socket.send({ type: "signal", to, data }),
      joined.ice_servers,
      shown,
    );
    if (this.local) this.mesh.share(this.local);
  }

  private async hear(message: MeetingMessage): Promise<void> {
    const mesh = this.mesh;
    switch (message.type) {
      case "welcome": {
        this.welcomed = true;
        this.me = message.you as Person;
        const people = message.participants as Person[];
        this.people = Object.fromEntries(people.map((p) => [p.id, p]));
        this.lobby = message.lobby as Person[];
        this.messages = message.messages as ChatMessage[];
        this.breakout = message.breakout as Breakout | null;
        // The join's LiveKit token was for the room this participant was in then.
        this.liveKitGroup = this.groupOf(this.me.id);
        this.recording = (message.recording as Recording | null) ?? null;
        for (const person of people) if (this.sameGroup(person.id)) mesh?.add(person.id, { offer: true });
        break;
      }
      case "joined": {
        const person = message.participant as Person;
        if (person.id === this.me?.id) break;
        this.people = { ...this.people, [person.id]: person };
        if (this.sameGroup(person.id)) mesh?.add(person.id, { offer: false });
        break;
      }
      case "left": {
        const { [message.id as string]: _gone, ...others } = this.people;
        this.people = others;
        mesh?.remove(message.id as string);
        this.tiles = this.tiles.filter((tile) => tile.peer !== message.id);
        this.speakers?.forget(message.id as string);
        break;
      }
      case "signal":
        await mesh?.signal(message.from as string, message.data);
        break;
      case "lobby":
        this.lobby = message.waiting as Person[];
        break;
      case "hand":
        this.setHand(message.id as string, message.raised as boolean);
        break;
      case "hands_lowered":
        this.people = Object.fromEntries(
          Object.entries(this.people).map(([id, p]) => [id, { ...p, hand_raised: false }]),
        );
        if (this.me) this.me = { ...this.me, hand_raised: false };
        break;
      case "reaction":
        this.react(message.id as string, message.emoji as string);
        break;
      case "said": {
        // Said as this socket joined: the welcome may hold it already.
        const said = message.message as ChatMessage;
        if (this.messages.some((known) => known.id === said.id)) break;
        this.messages = [...this.messages, said];
        if (!this.chatOpen) this.unread += 1;
        break;
      }
      case "muted":
        this.mutedByHost(message.sources as string[]);
        break;
      case "breakouts":
        this.breakout = message.breakout as Breakout | null;
        this.regroup();
        break;
      case "recording":
        this.recording = message.recording as Recording;
        break;
      case "muted_all":
        if (message.by !== session.current?.me.id) this.mutedByHost(message.sources as string[]);
        break;
    }
  }

  private groupOf(id: string | undefined): number | null {
    if (!id || !this.breakout) return null;
    return this.breakout.members[id] ?? null;
  }

  /** Whether `id` is in this participant's room (the main one or the same breakout room). */
  private sameGroup(id: string): boolean {
    return this.groupOf(id) === this.groupOf(this.me?.id);
  }

  /** The breakout rooms changed: connect to the people now in this participant's room
   * (the smaller id offers, the other waits for it) and let go of the others. */
  private regroup(): void {
    if (this.media) {
      void this.changeLiveKitRoom();
      return;
    }
    const mesh = this.mesh;
    const me = this.me?.id;
    if (!mesh || !me) return;
    for (const id of Object.keys(this.people)) {
      if (!this.sameGroup(id)) {
        mesh.remove(id);
        this.tiles = this.tiles.filter((tile) => tile.peer !== id);
      } else if (me < id) {
        mesh.add(id, { offer: true });
      }
    }
  }

  /** On LiveKit each breakout room is a room of the server's: when this participant's
   * group changed, join again (with the ticket) for a token to the room they are in now,
   * and move there. */
  private async changeLiveKitRoom(): Promise<void> {
    const group = this.groupOf(this.me?.id);
    if (group === this.liveKitGroup) return;
    this.liveKitGroup = group;
    const ticket = sessionStorage.getItem(this.ticketKey);
    if (!ticket || !this.media) return;
    try {
      const joined = await visioApi.join(this.slug, { ticket });
      if (joined.livekit && this.liveKitGroup === group) {
        await this.media.move(joined.livekit.url, joined.livekit.token);
      }
    } catch (error) {
      this.message = reason(error);
    }
  }

  private closed(code: number, why: string): void {
    if (this.stage !== "in") return;
    this.hangUp();
    this.stage = "ended";
    this.message = code === 4403 ? t("visio.removed") : why || t("visio.disconnected");
  }

  /** A host muted this participant: their microphone (or camera) goes off here. */
  private mutedByHost(sources: string[]): void {
    if (sources.includes("microphone") && this.micOn) this.toggleMic();
    if (sources.includes("camera") && this.cameraOn) this.toggleCamera();
    this.message = t("visio.mutedByHost");
  }

  private showStream(peer: string, stream: MediaStream, isScreen?: boolean): void {
    const known = this.tiles.find((tile) => tile.key === stream.id);
    if (known) {
      // A track added to a stream shown (LiveKit's audio may come after the video).
      this.tiles = [...this.tiles];
      if (!known.screen) this.speakers?.listen(peer, stream);
      return;
    }
    const screen = isScreen ?? this.tiles.some((tile) => tile.peer === peer && !tile.screen);
    this.tiles = [...this.tiles, { key: stream.id, peer, stream, screen }];
    if (!screen) this.speakers?.listen(peer, stream);
  }

  private endStream(id: string): void {
    const ended = this.tiles.find((tile) => tile.key === id);
    this.tiles = this.tiles.filter((tile) => tile.key !== id);
    if (ended && !ended.screen) this.speakers?.forget(ended.peer);
  }

  private setHand(id: string, raised: boolean): void {
    if (id === this.me?.id) this.me = { ...this.me, hand_raised: raised };
    const person = this.people[id];
    if (person) this.people = { ...this.people, [id]: { ...person, hand_raised: raised } };
  }

  private react(id: string, emoji: string): void {
    const key = ++this.reactionKey;
    this.shown = [...this.shown, { id, emoji, key }];
    setTimeout(() => (this.shown = this.shown.filter((r) => r.key !== key)), REACTION_SHOWN_MS);
  }

  private hangUp(): void {
    this.welcomed = false;
    this.socket?.close();
    this.socket = null;
    this.mesh?.close();
    this.mesh = null;
    this.media?.close();
    this.media = null;
    this.stopScreen();
    this.tiles = [];
    this.stopListening();
    this.pinned = null;
  }

  /** Who speaks is listened to in the speaker view only: analysing every stream's sound
   * costs each browser of the meeting a steady share of its CPU. */
  private listenToSpeakers(): void {
    if (this.speakers) return;
    const me = this.me?.id;
    this.speakers = new Speakers((speaking, latest) => {
      this.speaking = speaking;
      if (latest !== null && latest !== me) this.speaker = latest;
    });
    if (this.local && me) this.speakers.listen(me, this.local);
    for (const tile of this.tiles) if (!tile.screen) this.speakers.listen(tile.peer, tile.stream);
  }

  private stopListening(): void {
    this.speakers?.close();
    this.speakers = null;
    this.speaking = new Set();
    this.speaker = null;
  }

  private leave(): void {
    this.hangUp();
    this.stage = "ended";
    this.message = t("visio.youLeft");
  }

  private toggleMic(): void {
    this.micOn = !this.micOn;
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = this.micOn;
    this.media?.mute("microphone", !this.micOn);
  }

  private toggleCamera(): void {
    this.cameraOn = !this.cameraOn;
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = this.cameraOn;
    this.media?.mute("camera", !this.cameraOn);
  }

  private async toggleScreen(): Promise<void> {
    if (this.screen) {
      this.stopScreen();
      return;
    }
    try {
      const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
      this.screen = screen;
      this.sharing = true;
      for (const track of screen.getTracks()) track.onended = () => this.stopScreen();
      this.mesh?.share(screen);
      this.media?.share(screen);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === "NotAllowedError")) {
        this.message = reason(error);
      }
    }
  }

  private stopScreen(): void {
    if (!this.screen) return;
    this.mesh?.unshare(this.screen);
    this.media?.unshare(this.screen);
    for (const track of this.screen.getTracks()) track.stop();
    this.screen = null;
    this.sharing = false;
  }

  private toggleChat(): void {
    this.chatOpen = !this.chatOpen;
    this.unread = 0;
  }

  private raiseHand(): void {
    this.socket?.send({ type: "hand", raised: !this.me?.hand_raised });
  }

  private async host(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.message = reason(error);
    }
  }

  private shortcut(event: KeyboardEvent): void {
    if (this.stage !== "in" || !(event.ctrlKey || event.metaKey)) return;
    const action = event.altKey
      ? SHORTCUTS.find(([code]) => code === event.code)?.[1]
      : { d: "mic", e: "camera" }[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    if (action === "mic") this.toggleMic();
    else if (action === "camera") this.toggleCamera();
    else if (action === "hand") this.raiseHand();
    else if (action === "chat") this.toggleChat();
    else if (action === "participants") this.panel = !this.panel;
    else this.toggleLayout();
  }

  private toggleLayout(): void {
    this.layout = this.layout === "grid" ? "speaker" : "grid";
    if (this.layout === "grid") {
      this.pinned = null;
      this.stopListening();
    } else {
      this.listenToSpeakers();
    }
  }

  /** Keep ``key`` large (in the speaker layout), or let the speaker be shown again. */
  private pin(key: string): void {
    this.pinned = this.pinned === key ? null : key;
    if (this.pinned && this.layout === "grid") this.toggleLayout();
  }

  private get hosting(): boolean {
    return this.me?.role === "owner" || this.me?.role === "administrator";
  }

  protected override render() {
    switch (this.stage) {
      case "prejoin":
      case "joining":
        return this.renderPrejoin();
      case "waiting":
        return html`<div class="visio-notice" role="status">
          <h1 class="fr-h4">${t("visio.waitingTitle")}</h1>
          <p>${t("visio.waiting")}</p>
        </div>`;
      case "in":
        return this.renderMeeting();
      default:
        return html`<div class="visio-notice" role="alert">
          <p>${this.message}</p>
          <ul class="fr-btns-group fr-btns-group--inline-sm">
            <li><button class="fr-btn" @click=${() => void this.join()}>${t("visio.rejoin")}</button></li>
            ${this.guest
              ? nothing
              : html`<li><a class="fr-btn fr-btn--secondary" href="/visio">${t("visio.backToRooms")}</a></li>`}
          </ul>
        </div>`;
    }
  }

  private renderPrejoin() {
    return html`<div class="visio-prejoin">
      <div class="visio-prejoin__preview">
        ${this.local && this.local.getVideoTracks().length
          ? html`<video class="visio-video" .srcObject=${this.local} .muted=${true} autoplay playsinline></video>`
          : html`<div class="visio-video visio-video--off">${t("visio.noCamera")}</div>`}
      </div>
      <div class="visio-prejoin__side">
        <h1 class="fr-h4">${t("visio.ready")}</h1>
        ${this.noDevices ? html`<p class="visio-muted">${t("visio.noDevices")}</p>` : nothing}
        ${this.guest
          ? html`<div class="fr-input-group">
              <label class="fr-label" for="visio-guest-name">${t("visio.yourName")}</label>
              <input
                class="fr-input"
                id="visio-guest-name"
                maxlength="100"
                required
                .value=${this.guestName}
                @input=${(e: Event) => {
                  this.guestName = (e.target as HTMLInputElement).value;
                  localStorage.setItem(GUEST_NAME_KEY, this.guestName);
                }}
              />
            </div>`
          : nothing}
        <div class="visio-controls visio-controls--left">${this.deviceButtons()}</div>
        <button
          class="fr-btn"
          ?disabled=${this.stage === "joining" || (this.guest && !this.guestName.trim())}
          @click=${() => void this.join()}
        >
          ${t("visio.joinNow")}
        </button>
        ${this.guest ? nothing : html`<visio-recordings .slug=${this.slug}></visio-recordings>`}
      </div>
    </div>`;
  }

  private deviceButtons() {
    return html`
      <button
        class="fr-btn fr-btn--secondary visio-toggle"
        aria-pressed=${String(!this.micOn)}
        title=${t("visio.micShortcut")}
        @click=${this.toggleMic}
      >
        ${this.micOn ? t("visio.micOff") : t("visio.micOn")}
      </button>
      <button
        class="fr-btn fr-btn--secondary visio-toggle"
        aria-pressed=${String(!this.cameraOn)}
        title=${t("visio.cameraShortcut")}
        @click=${this.toggleCamera}
      >
        ${this.cameraOn ? t("visio.cameraOff") : t("visio.cameraOn")}
      </button>
    `;
  }

  private renderMeeting() {
    const people = Object.values(this.people);
    return html`<div class="visio-meeting">
      <div class="visio-meeting__top">
        <h1 class="fr-h6 visio-meeting__title">${this.roomName}</h1>
        <span class="visio-muted">${t("visio.count", { count: people.length + 1 })}</span>
      </div>
      ${this.hosting && this.lobby.length ? this.renderLobby() : nothing} ${this.renderBreakoutBanner()}
      ${this.renderRecordingBanner()}
      ${this.message
        ? html`<p class="fr-alert fr-alert--warning fr-alert--sm">${this.message}</p>`
        : nothing}
      <div class="visio-stage">
        ${this.renderVideos()}
        ${this.panel ? this.renderPeople(people) : nothing}
        ${this.breakoutsOpen && this.hosting && this.me
          ? html`<visio-breakouts .slug=${this.slug} .breakout=${this.breakout} .people=${[this.me, ...people]}></visio-breakouts>`
          : nothing}
        ${this.chatOpen
          ? html`<visio-meeting-chat
              .messages=${this.messages}
              @visio-say=${(e: CustomEvent<string>) => this.socket?.send({ type: "say", text: e.detail })}
            ></visio-meeting-chat>`
          : nothing}
      </div>
      <div class="visio-controls">
        ${this.deviceButtons()}
        <button class="fr-btn fr-btn--secondary" aria-pressed=${String(this.sharing)} @click=${this.toggleScreen}>
          ${this.sharing ? t("visio.stopSharing") : t("visio.shareScreen")}
        </button>
        <button class="fr-btn fr-btn--secondary" aria-pressed=${String(!!this.me?.hand_raised)} @click=${this.raiseHand}>
          ${this.me?.hand_raised ? t("visio.lowerHand") : t("visio.raiseHand")}
        </button>
        <span class="visio-reactions" role="group" aria-label=${t("visio.react")}>
          ${REACTIONS.slice(0, 5).map(
            (emoji) => html`<button
              class="fr-btn fr-btn--tertiary-no-outline visio-reaction-button"
              title=${t("visio.reactWith", { emoji })}
              @click=${() => this.socket?.send({ type: "reaction", emoji })}
            >${emoji}</button>`,
          )}
        </span>
        <button class="fr-btn fr-btn--secondary" aria-pressed=${String(this.panel)} @click=${() => (this.panel = !this.panel)}>
          ${t("visio.participants")}
        </button>
        <button class="fr-btn fr-btn--secondary" aria-pressed=${String(this.layout === "speaker")} @click=${this.toggleLayout}>
          ${t("visio.layout.speaker")}
        </button>
        ${this.hosting && this.mode === "mesh"
          ? html`<button
              class="fr-btn fr-btn--secondary"
              aria-pressed=${String(this.breakoutsOpen)}
              @click=${() => (this.breakoutsOpen = !this.breakoutsOpen)}
            >
              ${t("visio.breakout.title")}
            </button>`
          : nothing}
        ${this.renderRecordingControls()} ${this.renderNotes()}
        <button class="fr-btn fr-btn--secondary" aria-pressed=${String(this.chatOpen)} @click=${this.toggleChat}>
          ${this.unread ? t("visio.chatUnread", { count: this.unread }) : t("visio.chat")}
        </button>
        <button class="fr-btn visio-leave" @click=${this.leave}>${t("visio.leave")}</button>
      </div>
      ${this.renderShortcuts()}
    </div>`;
  }

  private renderShortcuts() {
    const keys = [
      ["Ctrl+D", "visio.shortcut.mic"],
      ["Ctrl+E", "visio.shortcut.camera"],
      ["Ctrl+Alt+H", "visio.shortcut.hand"],
      ["Ctrl+Alt+C", "visio.shortcut.chat"],
      ["Ctrl+Alt+P", "visio.shortcut.participants"],
      ["Ctrl+Alt+V", "visio.shortcut.layout"],
    ];
    return html`<details class="visio-shortcuts">
      <summary>${t("visio.shortcuts")}</summary>
      <dl class="visio-shortcuts__list">
        ${keys.map(([key, label]) => html`<div><dt><kbd>${key}</kbd></dt><dd>${t(label ?? "")}</dd></div>`)}
      </dl>
    </details>`;
  }

  /** Hosts of a meeting held through the video server record it (with a transcript when
   * they ask); everyone sees that it is recorded. */
  private renderRecordingControls() {
    const recording = this.recording && ["initiated", "active"].includes(this.recording.state) ? this.recording : null;
    if (!this.hosting || this.mode !== "livekit") return nothing;
    if (recording) {
      return html`<button class="fr-btn fr-btn--secondary" @click=${() => this.host(() => visioApi.stopRecording(this.slug, recording.id))}>
        ${t("visio.recording.stop")}
      </button>`;
    }
    return html`<button class="fr-btn fr-btn--secondary" @click=${() => this.record(false)}>${t("visio.recording.start")}</button>
      <button class="fr-btn fr-btn--secondary" @click=${() => this.record(true)}>${t("visio.recording.startTranscribed")}</button>`;
  }

  private record(transcribe: boolean): Promise<void> {
    const date = new Date().toLocaleDateString(locale(), { dateStyle: "short" });
    const title = t("visio.recording.transcriptTitle", { name: this.roomName, date });
    return this.host(() => visioApi.record(this.slug, { transcribe, transcript_title: title }));
  }

  private renderRecordingBanner() {
    const state = this.recording?.state;
    if (state !== "initiated" && state !== "active") return nothing;
    return html`<p class="fr-badge fr-badge--error visio-recording-badge" role="status">
      ${this.recording?.transcribe ? t("visio.recording.onTranscribed") : t("visio.recording.on")}
    </p>`;
  }

  /** Notes in a docs page, for people signed in where docs is on; the page opens in a new
   * tab so that the meeting goes on. */
  private renderNotes() {
    const docsOn = session.current?.workspace.plugins.some((plugin) => plugin.id === "docs");
    if (this.guest || !docsOn || !this.welcomed) return nothing;
    return this.notesLink
      ? html`<a class="fr-btn fr-btn--secondary" href=${this.notesLink} target="_blank" rel="noopener">
          ${t("visio.notes.open")}
        </a>`
      : html`<button class="fr-btn fr-btn--secondary" @click=${this.takeNotes}>${t("visio.notes.take")}</button>`;
  }

  private readonly takeNotes = async (): Promise<void> => {
    const date = new Date().toLocaleDateString(locale(), { dateStyle: "short" });
    try {
      const notes = await visioApi.notes(this.slug, {
        title: t("visio.notes.title", { name: this.roomName, date }),
        attendees_label: t("visio.notes.attendees"),
      });
      this.notesLink = notes.link;
    } catch (error) {
      this.message = reason(error);
    }
  };

  /** Everyone's videos: this participant's (camera, screen) first, then the others'. */
  private views(): View[] {
    const me = this.me;
    const views: View[] = [
      {
        key: OWN,
        peer: undefined,
        screen: false,
        name: t("visio.you"),
        body:
          this.local && this.cameraOn && this.local.getVideoTracks().length
            ? html`<video class="visio-video" .srcObject=${this.local} .muted=${true} autoplay playsinline></video>`
            : html`<div class="visio-video visio-video--off">${me?.name ?? ""}</div>`,
        caption: html`${t("visio.you")} ${me?.hand_raised ? html`<span aria-label=${t("visio.handRaised")}>✋</span>` : nothing}
          ${this.reactionsOf(me?.id)}`,
      },
    ];
    if (this.screen) {
      views.push({
        key: OWN_SCREEN,
        peer: undefined,
        screen: true,
        name: t("visio.yourScreen"),
        body: html`<video class="visio-video" .srcObject=${this.screen} .muted=${true} autoplay playsinline></video>`,
        caption: html`${t("visio.yourScreen")}`,
      });
    }
    for (const tile of this.tiles) {
      const person = this.people[tile.peer];
      const name = tile.screen ? t("visio.screenOf", { name: person?.name ?? "" }) : (person?.name ?? "");
      views.push({
        key: tile.key,
        peer: tile.peer,
        screen: tile.screen,
        name,
        body: html`<video class="visio-video" data-remote .srcObject=${tile.stream} autoplay playsinline></video>`,
        caption: html`${name}
          ${!tile.screen && person?.hand_raised ? html`<span aria-label=${t("visio.handRaised")}>✋</span>` : nothing}
          ${tile.screen ? nothing : this.reactionsOf(tile.peer)}`,
      });
    }
    return views;
  }

  /** The view shown large in the speaker layout: the one pinned, else a screen shared
   * (another's first), else whoever spoke last, else someone else, else oneself. */
  private mainView(views: View[]): View {
    const others = views.filter((view) => view.peer !== undefined);
    return (
      views.find((view) => view.key === this.pinned) ??
      others.find((view) => view.screen) ??
      views.find((view) => view.screen) ??
      others.find((view) => view.peer === this.speaker && !view.screen) ??
      others[0] ??
      (views[0] as View)
    );
  }

  private renderVideos() {
    const views = this.views();
    if (this.layout === "grid") {
      return html`<div class="visio-grid" data-count=${Math.min(views.length, 9)}>
        ${views.map((view) => this.renderView(view))}
      </div>`;
    }
    const main = this.mainView(views);
    return html`<div class="visio-speaker">
      <div class="visio-speaker__main">${this.renderView(main, true)}</div>
      <div class="visio-speaker__strip">
        ${views.filter((view) => view !== main).map((view) => this.renderView(view))}
      </div>
    </div>`;
  }

  private renderView(view: View, main = false) {
    const id = view.peer ?? this.me?.id;
    const speaking = !view.screen && id !== undefined && this.speaking.has(id);
    const pinned = this.pinned === view.key;
    return html`<figure
      class="visio-tile ${view.key === OWN ? "visio-tile--me" : ""} ${view.screen ? "visio-tile--screen" : ""} ${main ? "visio-tile--main" : ""} ${speaking ? "visio-tile--speaking" : ""}"
      data-peer=${view.peer ?? nothing}
      data-speaking=${String(speaking)}
    >
      ${view.body}
      <figcaption class="visio-tile__name">${view.caption}</figcaption>
      <button
        class="visio-tile__pin"
        aria-pressed=${String(pinned)}
        title=${pinned ? t("visio.unpin", { name: view.name }) : t("visio.pin", { name: view.name })}
        aria-label=${pinned ? t("visio.unpin", { name: view.name }) : t("visio.pin", { name: view.name })}
        @click=${() => this.pin(view.key)}
      >📌</button>
    </figure>`;
  }

  private reactionsOf(id: string | undefined) {
    const mine = this.shown.filter((r) => r.id === id);
    return mine.length
      ? html`<span class="visio-tile__reaction" aria-live="polite">${mine.map((r) => r.emoji)}</span>`
      : nothing;
  }

  private renderBreakoutBanner() {
    const breakout = this.breakout;
    if (!breakout) return nothing;
    const time = new Date(breakout.ends_at).toLocaleTimeString(locale(), { timeStyle: "short" });
    const group = this.groupOf(this.me?.id);
    return html`<p class="fr-notice fr-notice--info visio-breakout-banner" role="status">
      ${group === null
        ? t("visio.breakout.inMain", { time })
        : t("visio.breakout.inGroup", { name: breakout.groups[group] ?? "", time })}
    </p>`;
  }

  private renderLobby() {
    return html`<div class="visio-lobby" role="region" aria-label=${t("visio.lobby")}>
      <p class="visio-lobby__title">${t("visio.lobbyCount", { count: this.lobby.length })}</p>
      <ul class="visio-lobby__list">
        ${this.lobby.map(
          (person) => html`<li class="visio-lobby__person">
            <span>${person.name}</span>
            <button class="fr-btn fr-btn--sm" @click=${() => this.host(() => visioApi.admit(this.slug, person.id))}>
              ${t("visio.admit")}
            </button>
            <button class="fr-btn fr-btn--sm fr-btn--secondary" @click=${() => this.host(() => visioApi.deny(this.slug, person.id))}>
              ${t("visio.deny")}
            </button>
          </li>`,
        )}
      </ul>
    </div>`;
  }

  private groupName(id: string): string {
    const group = this.groupOf(id);
    return group === null ? t("visio.breakout.main") : (this.breakout?.groups[group] ?? "");
  }

  private renderPeople(people: Person[]) {
    return html`<aside class="visio-people" aria-label=${t("visio.participants")}>
      <h2 class="fr-h6">${t("visio.participants")}</h2>
      ${this.hosting && people.length
        ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary" @click=${() => this.host(() => visioApi.muteEveryone(this.slug))}>
            ${t("visio.muteEveryone")}
          </button>`
        : nothing}
      ${this.hosting && people.some((p) => p.hand_raised)
        ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary" @click=${() => this.host(() => visioApi.lowerHands(this.slug))}>
            ${t("visio.lowerAllHands")}
          </button>`
        : nothing}
      <ul class="visio-people__list">
        <li>${this.me?.name} (${t("visio.you")})</li>
        ${people.map(
          (person) => html`<li class="visio-people__person">
            <span>${person.name} ${person.hand_raised ? "✋" : ""}</span>
            <span class="visio-muted">${t(`visio.role.${person.role}`)}</span>
            ${this.breakout
              ? html`<span class="visio-muted">${this.groupName(person.id)}</span>`
              : nothing}
            ${this.hosting
              ? html`<button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" @click=${() => this.host(() => visioApi.mute(this.slug, person.id))}>
                    ${t("visio.muteOne", { name: person.name })}
                  </button>
                  <button class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" @click=${() => this.host(() => visioApi.remove(this.slug, person.id))}>
                    ${t("visio.removeOne", { name: person.name })}
                  </button>`
              : nothing}
          </li>`,
        )}
      </ul>
    </aside>`;
  }
}
