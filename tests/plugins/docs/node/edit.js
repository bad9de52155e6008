// Edits one document through the server with an unmodified Yjs client (yjs + y-websocket's
// WebsocketProvider), as the workspace's editor does, then prints what the document says.
//
//   node edit.js <server url> <document id> <cookie> <text to append> <text to wait for>
//
// Exits 0 once the shared text holds the text to wait for, 1 after 15 s without it.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

const [serverUrl, documentId, cookie, mine, awaited] = process.argv.slice(2);

// The session cookie travels with the handshake, as a browser sends it.
class CookieWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { cookie } });
  }
}

const doc = new Y.Doc();
const text = doc.getText("text");
// disableBc: two providers of one process would otherwise sync without the server.
const provider = new WebsocketProvider(serverUrl, documentId, doc, {
  WebSocketPolyfill: CookieWebSocket,
  disableBc: true,
});

const deadline = setTimeout(() => {
  console.error(`timed out; the text is ${JSON.stringify(text.toString())}`);
  process.exit(1);
}, 15000);

function finishWhenDone() {
  if (!text.toString().includes(awaited)) return;
  clearTimeout(deadline);
  console.log(JSON.stringify({ text: text.toString() }));
  provider.destroy();
  process.exit(0);
}

provider.once("sync", () => {
  text.insert(text.length, mine);
  text.observe(finishWhenDone);
  finishWhenDone();
});
