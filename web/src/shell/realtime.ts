// The app websocket (`/api/v1/ws`): one per page, shared by the shell and every
// plugin. It opens once someone is signed in, follows them across organizations,
// reconnects by itself, and resumes each topic where it stopped.
//
//   import { realtime } from "@lasuite/shell";
//
//   const stop = realtime.subscribe(`chat:channel:${id}`, (message) => {
//     if (message.type === "event") this.append(message.data);
//     else if (message.type === "resync") void this.reload(); // events were missed
//   });
//   await realtime.send("chat.typing", { channel: id });
//   stop();
import { session, type SessionState } from "./session";

/** `online`: connected; `reconnecting`: lost, trying again; `offline`: nobody signed in. */
export type ConnectionStatus = "offline" | "connecting" | "online" | "reconnecting";

/** An event published on a topic; `event_id` grows with every event. */
export interface RealtimeEvent<T = unknown> {
  type: "event";
  topic: string;
  name: string;
  data: T;
  event_id: number;
}

/**
 * Events of the topic were missed and are no longer kept (the page was offline
 * too long): reload the state over HTTP; later events arrive as usual.
 */
export interface RealtimeResync {
  type: "resync";
  topic: string;
  event_id: number;
}

/** The topic is no longer delivered: refused, or the subscriber lost the right to it. */
export interface RealtimeUnsubscribed {
  type: "unsubscribed";
  topic: string;
  reason: string;
  detail: string;
}

export type RealtimeMessage<T = unknown> = RealtimeEvent<T> | RealtimeResync | RealtimeUnsubscribed;

export type RealtimeHandler<T = unknown> = (message: RealtimeMessage<T>) => void;

/** What {@link RealtimeClient.subscribe} returns: call it to stop receiving. */
export type Subscription = () => void;

export interface SendOptions {
  /** Milliseconds to wait for the answer, connecting included (default 10 s). */
  timeout?: number;
}

/** An action was refused (`forbidden`, `invalid_input`…), timed out or lost its connection. */
export class RealtimeError extends Error {
  readonly code: string;

  constructor(code: string, detail: string) {
    super(detail || code);
    this.name = "RealtimeError";
    this.code = code;
  }
}

const PATH = "/api/v1/ws";
const SEND_TIMEOUT = 10_000;
const RETRY_FIRST = 500;
const RETRY_MAX = 30_000;
/** The server pings every 25 s by default: after this much silence, ask; then give up. */
const QUIET_AFTER = 30_000;
const DEAD_AFTER = 65_000;
const WATCH_EVERY = 5_000;
/** Closed by the server for a reason that another attempt will not fix. */
const FINAL_CLOSES = new Set([4401, 4403]);

interface TopicState {
  handlers: Set<RealtimeHandler>;
  /** The last event id seen on the topic: where a new connection resumes it. */
  last: number | null;
  /** The server refused it: not asked for again until subscribed anew. */
  refused: boolean;
}

interface Pending {
  resolve: (data: unknown) => void;
  reject: (error: RealtimeError) => void;
  timer: ReturnType<typeof setTimeout>;
  /** The frame, until it is written to a socket. */
  frame: Record<string, unknown> | null;
  /** For a subscription request: the topic it asked for. */
  topic?: string;
}

type Frame = { op: string; [field: string]: unknown };
type StatusListener = (status: ConnectionStatus) => void;

function whoOf(state: SessionState | null): string | null {
  return state ? `${state.me.id}/${state.me.organization_id}` : null;
}

/** The page's connection to the app websocket; use the {@link realtime} singleton. */
export class RealtimeClient {
  private socket: WebSocket | null = null;
  private current: ConnectionStatus = "offline";
  private who: string | null = null;
  private attempt = 0;
  private retry?: ReturnType<typeof setTimeout>;
  private watch?: ReturnType<typeof setInterval>;
  private heardAt = 0;
  private nextId = 1;
  /** Subscriptions the server ended, by topic namespace (`chat` for `chat:channel:…`). */
  private readonly ended = new Map<string, number>();
  private readonly topics = new Map<string, TopicState>();
  private readonly pending = new Map<number, Pending>();
  private readonly statusListeners = new Set<StatusListener>();

  constructor() {
    session.subscribe((state) => this.follow(state));
    window.addEventListener("online", () => {
      if (this.current === "reconnecting") this.connectNow();
    });
  }

  /** The connection's state, for a discreet indicator. */
  get status(): ConnectionStatus {
    return this.current;
  }

  /**
   * How many subscriptions of this page the server has ended so far (a right lost, a
   * plugin switched off): a count that moved means some handler now listens to nothing.
   */
  get endedSubscriptions(): number {
    return [...this.ended.values()].reduce((sum, count) => sum + count, 0);
  }

  /**
   * How many subscriptions of this page to topics of `namespace` (a plugin's id, or
   * `core`) the server has ended so far: a plugin's page is affected by its own only.
   */
  endedSubscriptionsIn(namespace: string): number {
    return this.ended.get(namespace) ?? 0;
  }

  /** Call `listener` with every change of {@link status}; returns the function that stops it. */
  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Receive the events of `topic` (e.g. `core:user:<id>`). Several subscribers of one
   * topic share one server subscription; the last one to stop ends it.
   */
  subscribe<T = unknown>(topic: string, handler: RealtimeHandler<T>): Subscription {
    let entry = this.topics.get(topic);
    if (!entry) {
      entry = { handlers: new Set(), last: null, refused: false };
      this.topics.set(topic, entry);
      this.requestTopic(topic, entry);
    } else if (entry.refused) {
      entry.refused = false;
      this.requestTopic(topic, entry);
    }
    const own = handler as RealtimeHandler;
    entry.handlers.add(own);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const found = this.topics.get(topic);
      if (!found?.handlers.delete(own) || found.handlers.size) return;
      this.topics.delete(topic);
      if (!found.refused) this.write({ op: "unsubscribe", topic });
    };
  }

  /**
   * Call a plugin's websocket action (`chat.typing`…) and get its answer. Waits for
   * the connection if it is being re-established; rejects with {@link RealtimeError}.
   */
  send<T = unknown>(
    action: string,
    data: Record<string, unknown> = {},
    options: SendOptions = {},
  ): Promise<T> {
    const frame = { op: "action", name: action, data };
    return this.request(frame, options.timeout ?? SEND_TIMEOUT) as Promise<T>;
  }

  private follow(state: SessionState | null): void {
    const who = whoOf(state);
    if (who === this.who) return;
    this.who = who;
    this.disconnect();
    if (who) this.connectNow();
  }

  private connectNow(): void {
    clearTimeout(this.retry);
    if (this.socket) return;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}${PATH}`);
    this.socket = socket;
    if (this.current !== "reconnecting") this.setStatus("connecting");
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (message) => this.received(socket, message);
    socket.onclose = (event) => this.closed(socket, event.code);
  }

  /** Close on purpose (sign-out, another organization): no reconnection. */
  private disconnect(): void {
    clearTimeout(this.retry);
    const socket = this.socket;
    if (socket) {
      this.drop(socket);
      socket.close(1000);
    }
    this.attempt = 0;
    this.setStatus("offline");
  }

  private opened(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.heardAt = Date.now();
    clearInterval(this.watch);
    this.watch = setInterval(() => this.checkAlive(socket), WATCH_EVERY);
    this.setStatus("online");
    for (const [topic, entry] of this.topics) {
      if (!entry.refused) this.requestTopic(topic, entry);
    }
    for (const [id, pending] of this.pending) {
      if (pending.frame) {
        socket.send(JSON.stringify({ ...pending.frame, id }));
        pending.frame = null;
      }
    }
  }

  private received(socket: WebSocket, message: MessageEvent): void {
    if (socket !== this.socket) return;
    this.heardAt = Date.now();
    let frame: Frame;
    try {
      frame = JSON.parse(String(message.data)) as Frame;
    } catch {
      return;
    }
    switch (frame.op) {
      case "event":
        this.attempt = 0;
        this.deliverEvent(frame);
        break;
      case "ack":
        this.attempt = 0;
        this.answered(frame);
        break;
      case "error":
        this.refused(frame);
        break;
      case "resync":
        this.resync(String(frame.topic), Number(frame.event_id));
        break;
      case "unsubscribed":
        this.lost(
          String(frame.topic),
          String(frame.reason ?? "forbidden"),
          String(frame.detail ?? ""),
        );
        break;
      case "ping":
        socket.send(JSON.stringify({ op: "pong" }));
        break;
    }
  }

  private deliverEvent(frame: Frame): void {
    const topic = String(frame.topic);
    const entry = this.topics.get(topic);
    const eventId = Number(frame.event_id);
    // A replayed event this page already had (ids only grow on a topic).
    if (!entry || (entry.last !== null && eventId <= entry.last)) return;
    entry.last = eventId;
    const name = String(frame.name);
    this.dispatch(entry, { type: "event", topic, name, data: frame.data, event_id: eventId });
  }

  private answered(frame: Frame): void {
    const pending = this.settle(frame.id);
    if (!pending) return;
    if (pending.topic !== undefined) {
      // The topic's head: a later reconnection resumes after it.
      const entry = this.topics.get(pending.topic);
      const head = (frame.data as { event_id?: number } | null)?.event_id;
      if (entry && entry.last === null && typeof head === "number") entry.last = head;
    }
    pending.resolve(frame.data);
  }

  private refused(frame: Frame): void {
    const code = String(frame.error ?? "error");
    const detail = String(frame.detail ?? "");
    const pending = this.settle(frame.id);
    if (!pending) {
      console.warn(`lasuite: the app websocket refused a frame: ${code} ${detail}`);
      return;
    }
    if (pending.topic !== undefined) this.lost(pending.topic, code, detail);
    pending.reject(new RealtimeError(code, detail));
  }

  private resync(topic: string, eventId: number): void {
    const entry = this.topics.get(topic);
    if (!entry) return;
    entry.last = eventId;
    this.dispatch(entry, { type: "resync", topic, event_id: eventId });
  }

  private lost(topic: string, reason: string, detail: string): void {
    const entry = this.topics.get(topic);
    if (!entry || entry.refused) return;
    entry.refused = true;
    const namespace = topic.split(":", 1)[0] ?? "";
    this.ended.set(namespace, (this.ended.get(namespace) ?? 0) + 1);
    this.dispatch(entry, { type: "unsubscribed", topic, reason, detail });
  }

  private dispatch(entry: TopicState, message: RealtimeMessage): void {
    for (const handler of [...entry.handlers]) {
      try {
        handler(message);
      } catch (error) {
        console.error(`lasuite: a handler of ${message.topic} failed:`, error);
      }
    }
  }

  private closed(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.drop(socket);
    if (FINAL_CLOSES.has(code)) {
      // Signed out elsewhere, or no longer allowed: the session decides what follows.
      this.setStatus("offline");
      void session.load().catch(() => undefined);
      return;
    }
    this.setStatus("reconnecting");
    const ceiling = Math.min(RETRY_MAX, RETRY_FIRST * 2 ** this.attempt);
    this.attempt += 1;
    // Jitter: the pages that one restart disconnected do not all come back at once.
    this.retry = setTimeout(() => this.connectNow(), ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  /** Forget `socket`: requests sent on it will never be answered. */
  private drop(socket: WebSocket): void {
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (this.socket === socket) this.socket = null;
    clearInterval(this.watch);
    for (const [id, pending] of this.pending) {
      if (pending.frame) continue;
      this.settle(id);
      if (pending.topic === undefined) {
        pending.reject(new RealtimeError("disconnected", "The connection was lost."));
      }
    }
  }

  private checkAlive(socket: WebSocket): void {
    const silence = Date.now() - this.heardAt;
    if (silence > DEAD_AFTER) {
      // A half-open connection may take minutes to report its end: give up on it now.
      this.closed(socket, 1006);
      socket.close();
    } else if (silence > QUIET_AFTER) {
      this.write({ op: "ping", id: this.nextId++ });
    }
  }

  private requestTopic(topic: string, entry: TopicState): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return; // asked for once connected
    const frame: Record<string, unknown> = { op: "subscribe", topic };
    if (entry.last !== null) frame.since = entry.last;
    const id = this.nextId++;
    const timer = setTimeout(() => this.settle(id), SEND_TIMEOUT);
    const ignore = () => undefined;
    this.pending.set(id, { resolve: ignore, reject: ignore, timer, frame: null, topic });
    this.socket.send(JSON.stringify({ ...frame, id }));
  }

  private request(frame: Record<string, unknown>, timeout: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.settle(id);
        reject(new RealtimeError("timeout", "No answer from the server."));
      }, timeout);
      const open = this.socket?.readyState === WebSocket.OPEN;
      this.pending.set(id, { resolve, reject, timer, frame: open ? null : frame });
      if (open) this.socket?.send(JSON.stringify({ ...frame, id }));
    });
  }

  private settle(id: unknown): Pending | undefined {
    if (typeof id !== "number") return undefined;
    const pending = this.pending.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
    }
    return pending;
  }

  private write(frame: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setStatus(next: ConnectionStatus): void {
    if (next === this.current) return;
    this.current = next;
    for (const listener of [...this.statusListeners]) listener(next);
  }
}

/** The page's one websocket client. */
export const realtime = new RealtimeClient();
