// How many messages wait unread in the user's discussions, all together: the
// navigation entry shows it beside "Discussions", and it goes to the shell, which puts it
// in the page's title. Whoever reads the sidebar (the chat page, its home widget, the
// navigation entry) tells it here; the chat page keeps it live as messages come and are
// read.
import { reportAttention } from "@lasuite/shell";
import { chatApi, type SidebarEntry } from "./api";

let total = 0;
const listeners = new Set<(total: number) => void>();

/** The total of these sidebar entries is now the count. */
export function countUnread(entries: SidebarEntry[]): void {
  const next = entries.reduce((sum, entry) => sum + entry.unread_count, 0);
  reportAttention("chat", next);
  if (next === total) return;
  total = next;
  for (const listener of listeners) listener(total);
}

/** Read the sidebar to count again. */
export async function recountUnread(): Promise<void> {
  countUnread(await chatApi.sidebar());
}

export function unreadTotal(): number {
  return total;
}

/** Call `listener` with each new total; returns how to stop. */
export function onUnread(listener: (total: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
