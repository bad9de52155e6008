// A document's live session: its Yjs document, kept on this device (IndexedDB) and
// synced with everyone who has it open through the server's y-websocket endpoint
// (same origin: the session cookie signs the connection in).
import * as Y from "yjs";
import { IndexeddbPersistence } from "y-indexeddb";
import { removeAwarenessStates } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import { syncServerUrl } from "./api";

/** The Y.XmlFragment holding the editor's content; `lasuite_docs.schema.CONTENT_FRAGMENT`
 * names the same field for the server. */
export const CONTENT_FRAGMENT = "content";

/** Close codes of the server after which reconnecting cannot help (lasuite_docs.rooms.Close). */
export const REFUSED = { badFrame: 4400, forbidden: 4403, notFound: 4404, documentFull: 4413 } as const;
/** The user's role on the document changed: the page is opened again with the new one. */
export const ACCESS_CHANGED = 4409;
const FINAL_CODES = new Set<number>([...Object.values(REFUSED), ACCESS_CHANGED]);

/** connecting: not synced with the server yet; online: synced; offline: the connection
 * dropped and the provider is reconnecting; refused: the server ended it for good;
 * changed: the user's role changed (open the page again). */
export type LinkState = "connecting" | "online" | "offline" | "refused" | "changed";

export interface Person {
  name: string;
  color: string;
}

/** The caret of someone whose page sent no colour, and of visitors of a public page:
 * bleu France. A signed-in person's is their own (`me.colour`, as in every module). */
export const OTHER_COLOR = "#000091";

export class DocumentSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly content: Y.XmlFragment;
  private readonly local: IndexeddbPersistence | null;
  private state: LinkState = "connecting";
  /** The close code of a refused connection. */
  refusedWith = 0;

  constructor(
    documentId: string,
    userId: string,
    private readonly onState: (state: LinkState) => void,
    { keepLocally }: { keepLocally: boolean },
  ) {
    this.content = this.doc.getXmlFragment(CONTENT_FRAGMENT);
    // Per user and document: another person signing in on this browser never gets them.
    this.local = keepLocally ? new IndexeddbPersistence(`lasuite-docs/${userId}/${documentId}`, this.doc) : null;
    this.provider = new WebsocketProvider(syncServerUrl(), documentId, this.doc, {
      // Every edit goes through the server, which checks the sender may write and logs
      // it: tabs of one browser do not sync with each other directly.
      disableBc: true,
      shouldReconnect: (event) => !FINAL_CODES.has(event.code),
    });
    this.provider.on("sync", (synced) => {
      if (synced) this.set("online");
    });
    this.provider.on("status", ({ status }) => {
      if (status === "disconnected") this.set("offline");
    });
    this.provider.on("closed", ({ code }) => {
      this.refusedWith = code;
      this.set(code === ACCESS_CHANGED ? "changed" : "refused");
    });
  }

  /** The other people who have the page open now (one entry per browser tab). */
  others(): Person[] {
    const people: Person[] = [];
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = (state as { user?: Partial<Person> }).user;
      if (clientId === this.doc.clientID || typeof user?.name !== "string") continue;
      people.push({ name: user.name, color: typeof user.color === "string" ? user.color : OTHER_COLOR });
    }
    return people;
  }

  private set(state: LinkState): void {
    if (this.state === "refused" || state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  destroy(): void {
    // Tell the others this caret is gone now, rather than when the server notices.
    removeAwarenessStates(this.provider.awareness, [this.doc.clientID], "left");
    this.provider.destroy();
    void this.local?.destroy();
    this.doc.destroy();
  }
}
