// A meeting without a video server: one RTCPeerConnection to each other participant.
// Offers, answers and ICE candidates travel through the meeting's socket.
//
// The newcomer makes the first offer to each participant already there (they are in its
// welcome); those wait for it and only then add their own media, so two first offers
// never cross. Later changes (a screen share) are negotiated the "perfect negotiation"
// way: either side may offer, and on a collision the polite side — the smaller id — yields.

export interface SignalData {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}

export interface MeshListener {
  /** A stream of `peer` started (or gained a track); `screen` when known to be a screen
   * share (else the peer's second stream is). */
  stream(peer: string, stream: MediaStream, screen?: boolean): void;
  /** A stream of `peer` ended. */
  streamEnded(peer: string, streamId: string): void;
}

class Peer {
  readonly pc: RTCPeerConnection;
  makingOffer = false;
  ignoreOffer = false;
  /** Not sending yet: waiting for the newcomer's first offer. */
  awaitingOffer = false;

  constructor(
    readonly id: string,
    readonly polite: boolean,
    servers: RTCIceServer[],
  ) {
    this.pc = new RTCPeerConnection({ iceServers: servers });
  }
}

export class Mesh {
  private readonly peers = new Map<string, Peer>();
  /** The local streams every peer receives (the camera's, a screen share's). */
  private readonly outgoing = new Map<string, MediaStream>();

  constructor(
    private readonly me: string,
    private readonly send: (to: string, data: SignalData) => void,
    private readonly servers: RTCIceServer[],
    private readonly listener: MeshListener,
  ) {}

  /**
   * Connect to `id`, once: `offer` for a participant who was there before us (we make the
   * first offer), not for one who just came (they will).
   */
  add(id: string, { offer }: { offer: boolean }): void {
    if (id === this.me || this.peers.has(id)) return;
    const peer = new Peer(id, this.me < id, this.servers);
    this.peers.set(id, peer);
    const { pc } = peer;
    pc.onnegotiationneeded = async () => {
      try {
        peer.makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription) this.send(id, { description: pc.localDescription.toJSON() });
      } catch (error) {
        console.warn("visio: offer to", id, "failed", error);
      } finally {
        peer.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.send(id, { candidate: candidate.toJSON() });
    };
    // A path that broke (a network change) is looked for again, without a new call.
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "failed") pc.restartIce();
    };
    pc.ontrack = ({ track, streams }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      this.listener.stream(id, stream);
      // Only while connected: closing the connection (they left, or went to another
      // breakout room) ends its tracks too, and must not bring their tile back.
      const current = () => this.peers.get(id) === peer;
      stream.onremovetrack = () => {
        if (current() && stream.getTracks().length === 0) this.listener.streamEnded(id, stream.id);
      };
      track.onended = () => {
        if (current()) this.listener.stream(id, stream);
      };
    };
    if (!offer) {
      peer.awaitingOffer = true;
      return;
    }
    this.sendOutgoing(pc);
    if (pc.getTransceivers().length === 0) {
      // Nothing to send (no camera, no microphone): offer to receive, to connect at all.
      pc.addTransceiver("audio", { direction: "recvonly" });
      pc.addTransceiver("video", { direction: "recvonly" });
    }
  }

  private sendOutgoing(pc: RTCPeerConnection): void {
    for (const stream of this.outgoing.values()) {
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    }
  }

  /** `id` left: close the connection to them. */
  remove(id: string): void {
    this.peers.get(id)?.pc.close();
    this.peers.delete(id);
  }

  /** What `from` sent: an offer or answer, or an ICE candidate. */
  async signal(from: string, data: SignalData): Promise<void> {
    this.add(from, { offer: false });
    const peer = this.peers.get(from);
    if (!peer) return;
    const { pc } = peer;
    if (data.description) {
      const offer = data.description.type === "offer";
      const collision = offer && (peer.makingOffer || pc.signalingState !== "stable");
      peer.ignoreOffer = !peer.polite && collision;
      if (peer.ignoreOffer) return;
      await pc.setRemoteDescription(data.description);
      if (offer && peer.awaitingOffer) {
        // Our media rides the transceivers the first offer made, in the same answer.
        peer.awaitingOffer = false;
        this.sendOutgoing(pc);
      }
      if (offer) {
        await pc.setLocalDescription();
        if (pc.localDescription) this.send(from, { description: pc.localDescription.toJSON() });
      }
    } else if (data.candidate) {
      try {
        await pc.addIceCandidate(data.candidate);
      } catch (error) {
        if (!peer.ignoreOffer) console.warn("visio: a candidate from", from, "was refused", error);
      }
    }
  }

  /** Send `stream` to every peer, now and to those who come later. */
  share(stream: MediaStream): void {
    this.outgoing.set(stream.id, stream);
    for (const { pc, awaitingOffer } of this.peers.values()) {
      if (awaitingOffer) continue;
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    }
  }

  /** Stop sending `stream`. */
  unshare(stream: MediaStream): void {
    this.outgoing.delete(stream.id);
    const tracks = new Set(stream.getTracks());
    for (const { pc } of this.peers.values()) {
      for (const sender of pc.getSenders()) {
        if (sender.track && tracks.has(sender.track)) pc.removeTrack(sender);
      }
    }
  }

  close(): void {
    for (const { pc } of this.peers.values()) pc.close();
    this.peers.clear();
    this.outgoing.clear();
  }
}
