// The plugin's stylesheet: linked once, next to this module (a stylesheet of the app's
// origin, which the page's Content-Security-Policy allows; inline styles it does not).
// Elements may be shown before it applies: `whenStyled` runs what needs its layout.

let loaded = false;
const waiting: Array<() => void> = [];

function settle(): void {
  loaded = true;
  for (const run of waiting.splice(0)) run();
}

export function linkStyles(): void {
  const linked = document.querySelector<HTMLLinkElement>("link[data-chat-styles]");
  if (linked) {
    if (linked.sheet) settle();
    else linked.addEventListener("load", settle, { once: true });
    return;
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  // Not `new URL("chat.css", import.meta.url)`: Vite would inline the file as a data: URL.
  link.href = import.meta.url.replace(/[^/]*$/, "chat.css");
  link.dataset.chatStyles = "";
  // A stylesheet that fails to load settles too: nothing waits for ever.
  link.addEventListener("load", settle, { once: true });
  link.addEventListener("error", settle, { once: true });
  document.head.append(link);
}

/** Whether the stylesheet has applied. */
export function styled(): boolean {
  return loaded;
}

/** Run `then` once the stylesheet has applied (now, when it has). */
export function whenStyled(then: () => void): void {
  if (loaded) then();
  else waiting.push(then);
}
