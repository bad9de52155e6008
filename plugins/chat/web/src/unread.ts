// The user's discussions as the sidebar API last gave them, shared by chat's elements
// outside the chat page: the navigation entry shows the total of unread messages (and
// hands it to the shell for the page's title), the home widget lists the discussions
// with some. The chat page tells it each sidebar it loads; elsewhere the navigation
// entry asks for it again. Calls made while one is on their way share its answer.
import { reportAttention } from "@lasuite/shell";
import { chatApi, type SidebarEntry } from "./api";

let entries: SidebarEntry[] | null = null;
let pending: Promise<void> | null = null;
const listeners = new Set<(entries: SidebarEntry[]) => void>();

/** These sidebar entries are now what the user's discussions are. */
export function sidebarRead(next: SidebarEntry[]): void {
  entries = next;
  reportAttention("chat", unreadIn(next));
  for (const listener of listeners) listener(next);
}

/** Read the sidebar again (one request however many ask at once). */
export function rereadSidebar(): Promise<void> {
  pending ??= chatApi
    .sidebar()
    .then(sidebarRead)
    .finally(() => (pending = null));
  return pending;
}

/** The entries last read, or null before the first. */
export function lastSidebar(): SidebarEntry[] | null {
  return entries;
}

/** Call `listener` with each sidebar read; returns how to stop. */
export function onSidebar(listener: (entries: SidebarEntry[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Unread messages in all these discussions together. */
export function unreadIn(list: SidebarEntry[]): number {
  return list.reduce((sum, entry) => sum + entry.unread_count, 0);
}
