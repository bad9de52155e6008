// Client-side navigation: same-origin links change the page without a reload.

export const ROUTE_EVENT = "lasuite:navigate";

/** Paths the server answers itself; never handled as workspace pages. */
const SERVER_PATHS = /^\/(api|static|healthz|readyz)(\/|$)/;

export function currentPath(): string {
  return window.location.pathname;
}

/** Show the workspace page at `path` (e.g. "/chat") and record it in the history. */
export function navigate(path: string, { replace = false } = {}): void {
  if (path === currentPath() + window.location.search) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new CustomEvent(ROUTE_EVENT));
}

/** Follow a click on `<a href="/…">` inside the workspace without reloading. */
export function interceptLinks(root: Document | HTMLElement = document): void {
  root.addEventListener("click", (event) => {
    const mouse = event as MouseEvent;
    if (mouse.defaultPrevented || mouse.button !== 0) return;
    if (mouse.metaKey || mouse.ctrlKey || mouse.shiftKey || mouse.altKey) return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || SERVER_PATHS.test(url.pathname)) return;
    // An anchor in this page (a skip link): the browser scrolls and moves the focus.
    if (url.hash && url.pathname === window.location.pathname) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
