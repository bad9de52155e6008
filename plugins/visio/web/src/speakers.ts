// Who is speaking: each participant's sound level, read from their stream's audio through
// the Web Audio API (the same for a mesh of browsers and for the video server's streams).

/** How often levels are read. */
const EVERY_MS = 150;
/** The level (root mean square of the samples, 0 to 1) above which someone speaks. */
const SPEAKING = 0.02;
/** Someone stays "speaking" this long after their last sound (no flicker between words). */
const HOLD_MS = 1200;

interface Listened {
  stream: MediaStream;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  heardAt: number;
  level: number;
}

/** Tells, as it changes, who is speaking now and who spoke last (the speaker shown large). */
export class Speakers {
  private context: AudioContext | null = null;
  private readonly listened = new Map<string, Listened>();
  private timer: number | undefined;
  private samples = new Float32Array(512);
  private speaking = new Set<string>();
  private latest: string | null = null;

  constructor(private readonly changed: (speaking: Set<string>, latest: string | null) => void) {}

  /** Listen to ``stream``'s sound as ``peer``'s (again if it changed; nothing without audio). */
  listen(peer: string, stream: MediaStream): void {
    const known = this.listened.get(peer);
    if (known?.stream === stream) return;
    this.forget(peer);
    if (stream.getAudioTracks().length === 0) return;
    this.context ??= new AudioContext();
    void this.context.resume().catch(() => undefined);
    const source = this.context.createMediaStreamSource(stream);
    const analyser = this.context.createAnalyser();
    analyser.fftSize = this.samples.length;
    source.connect(analyser);
    this.listened.set(peer, { stream, source, analyser, heardAt: 0, level: 0 });
    this.timer ??= window.setInterval(() => this.read(), EVERY_MS);
  }

  forget(peer: string): void {
    const known = this.listened.get(peer);
    if (!known) return;
    known.source.disconnect();
    this.listened.delete(peer);
  }

  close(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
    for (const peer of [...this.listened.keys()]) this.forget(peer);
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private read(): void {
    const now = performance.now();
    for (const heard of this.listened.values()) {
      heard.analyser.getFloatTimeDomainData(this.samples);
      let sum = 0;
      for (const sample of this.samples) sum += sample * sample;
      heard.level = Math.sqrt(sum / this.samples.length);
      if (heard.level > SPEAKING) heard.heardAt = now;
    }
    const speaking = new Set(
      [...this.listened].filter(([, heard]) => now - heard.heardAt < HOLD_MS).map(([peer]) => peer),
    );
    let loudest: string | null = null;
    let level = SPEAKING;
    for (const [peer, heard] of this.listened) {
      if (heard.level > level) [loudest, level] = [peer, heard.level];
    }
    // The one who spoke last stays until they stop and someone else is heard.
    const still = this.latest !== null && speaking.has(this.latest);
    const latest = still ? this.latest : (loudest ?? this.latest);
    if (latest !== this.latest || !sameSet(speaking, this.speaking)) {
      this.speaking = speaking;
      this.latest = latest;
      this.changed(speaking, latest);
    }
  }
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}
