// A meeting through the LiveKit server (when the installation has one): this page sends
// its camera, microphone and screen to the server once, and receives the others' from it.
// livekit-client is loaded only then, as a module of its own: a page that never joins
// such a meeting does not download it.
//
// Each LiveKit participant carries the meeting participant's id (the token's attribute
// `participant`), so tiles are matched with the people the meeting's socket names.
import type { LocalTrackPublication, RemoteParticipant, RemoteTrack, Room } from "livekit-client";
import type { MeshListener } from "./mesh";

type Kind = "camera" | "microphone" | "screen";

export class LiveKitMedia {
  private room: Room | null = null;
  /** Each remote participant's streams: `<participant>/main` (camera and microphone) and
   * `<participant>/screen`. */
  private readonly streams = new Map<string, MediaStream>();
  private readonly published = new Map<MediaStreamTrack, LocalTrackPublication>();
  /** This page's camera and microphone, sent again in the next room after a move. */
  private local: MediaStream | null = null;
  private closed = false;

  constructor(
    private readonly listener: MeshListener & {
      /** The connection to the server was lost, or never made. */
      lost(reason: string): void;
    },
  ) {}

  /** Connect with the join's URL and token, then send `local`'s tracks. */
  async connect(url: string, token: string, local: MediaStream | null): Promise<void> {
    const { Room, RoomEvent } = await import("livekit-client");
    if (this.closed) return;
    const room = new Room({ adaptiveStream: true, dynacast: true });
    this.room = room;
    this.local = local;
    room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) =>
      this.subscribed(track, participant),
    );
    room.on(RoomEvent.TrackUnsubscribed, (track, _publication, participant) =>
      this.unsubscribed(track, participant),
    );
    room.on(RoomEvent.ParticipantDisconnected, (participant) => this.gone(participant));
    room.on(RoomEvent.Disconnected, (reason) => {
      if (!this.closed && this.room === room) this.listener.lost(String(reason ?? ""));
    });
    try {
      await room.connect(url, token);
    } catch (error) {
      if (!this.closed) this.listener.lost(error instanceof Error ? error.message : String(error));
      return;
    }
    for (const track of local?.getTracks() ?? []) {
      await this.publish(track, track.kind === "audio" ? "microphone" : "camera");
    }
  }

  /** Leave this LiveKit room for another (a breakout room, or back to the main one)
   * with a token for it: the people of the room left are let go, and this page's
   * camera, microphone and screen are sent in the new one. */
  async move(url: string, token: string): Promise<void> {
    const left = this.room;
    const screens = [...this.published].filter(([, p]) => p.source === "screen_share" || p.source === "screen_share_audio");
    this.room = null;
    this.published.clear();
    for (const [key, stream] of this.streams) this.listener.streamEnded(key.split("/")[0] ?? "", stream.id);
    this.streams.clear();
    await left?.disconnect(false);
    await this.connect(url, token, this.local);
    for (const [track] of screens) await this.publish(track, "screen");
  }

  /** Send a screen share's tracks. */
  share(stream: MediaStream): void {
    for (const track of stream.getTracks()) void this.publish(track, "screen");
  }

  unshare(stream: MediaStream): void {
    for (const track of stream.getTracks()) {
      const publication = this.published.get(track);
      this.published.delete(track);
      if (publication?.track) void this.room?.localParticipant.unpublishTrack(publication.track, false);
    }
  }

  /** Mute or unmute what this page sends of `kind` (the others see it muted). */
  mute(kind: "camera" | "microphone", muted: boolean): void {
    for (const [track, publication] of this.published) {
      if ((kind === "microphone") === (track.kind === "audio") && publication.source !== "screen_share") {
        void (muted ? publication.mute() : publication.unmute());
      }
    }
  }

  close(): void {
    this.closed = true;
    void this.room?.disconnect();
    this.room = null;
    this.streams.clear();
    this.published.clear();
  }

  private async publish(track: MediaStreamTrack, kind: Kind): Promise<void> {
    const room = this.room;
    if (!room) return;
    const { Track } = await import("livekit-client");
    const source = {
      camera: Track.Source.Camera,
      microphone: Track.Source.Microphone,
      screen: track.kind === "audio" ? Track.Source.ScreenShareAudio : Track.Source.ScreenShare,
    }[kind];
    try {
      this.published.set(track, await room.localParticipant.publishTrack(track, { source }));
    } catch (error) {
      // The room's settings may not let this participant send it (publish rules).
      console.warn(`visio: ${kind} not sent`, error);
    }
  }

  private peerOf(participant: RemoteParticipant): string {
    return participant.attributes["participant"] ?? participant.identity;
  }

  private streamKey(participant: RemoteParticipant, track: RemoteTrack): string {
    const screen = track.source === "screen_share" || track.source === "screen_share_audio";
    return `${this.peerOf(participant)}/${screen ? "screen" : "main"}`;
  }

  private subscribed(track: RemoteTrack, participant: RemoteParticipant): void {
    const key = this.streamKey(participant, track);
    let stream = this.streams.get(key);
    if (!stream) {
      stream = new MediaStream();
      this.streams.set(key, stream);
    }
    stream.addTrack(track.mediaStreamTrack);
    this.listener.stream(this.peerOf(participant), stream, key.endsWith("/screen"));
  }

  private unsubscribed(track: RemoteTrack, participant: RemoteParticipant): void {
    const key = this.streamKey(participant, track);
    const stream = this.streams.get(key);
    if (!stream) return;
    stream.removeTrack(track.mediaStreamTrack);
    if (stream.getTracks().length === 0) {
      this.streams.delete(key);
      this.listener.streamEnded(this.peerOf(participant), stream.id);
    }
  }

  private gone(participant: RemoteParticipant): void {
    const peer = this.peerOf(participant);
    for (const [key, stream] of this.streams) {
      if (key.startsWith(`${peer}/`)) {
        this.streams.delete(key);
        this.listener.streamEnded(peer, stream.id);
      }
    }
  }
}
