// A meeting's socket, opened with a join's ticket: JSON messages both ways, a ping every
// 15 s (it keeps a lobby wait up and says the participant is still there).
import { socketUrl } from "./api";

const PING_EVERY = 15_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MeetingMessage = { type: string } & Record<string, any>;

export class MeetingSocket {
  private readonly socket: WebSocket;
  private readonly ping: ReturnType<typeof setInterval>;

  constructor(
    slug: string,
    ticket: string,
    onMessage: (message: MeetingMessage) => void,
    onClose: (code: number, reason: string) => void,
  ) {
    this.socket = new WebSocket(socketUrl(slug, ticket));
    this.socket.onmessage = (event) => onMessage(JSON.parse(String(event.data)) as MeetingMessage);
    this.socket.onclose = (event) => {
      clearInterval(this.ping);
      onClose(event.code, event.reason);
    };
    this.ping = setInterval(() => this.send({ type: "ping" }), PING_EVERY);
  }

  send(message: MeetingMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close(): void {
    clearInterval(this.ping);
    this.socket.onclose = null;
    this.socket.close(1000);
  }
}
