// What waits for the person across the workspace: counts plugins report (chat's unread
// messages), added up in the page's title — "(3) Discussions — La Suite" — so that a tab
// in the background says there is something to read.

const counts = new Map<string, number>();
const listeners = new Set<() => void>();

/** Report how many things of `source` (a plugin's id) wait for the person; 0 when none. */
export function reportAttention(source: string, count: number): void {
  const next = Math.max(0, Math.floor(count));
  if ((counts.get(source) ?? 0) === next) return;
  if (next) counts.set(source, next);
  else counts.delete(source);
  for (const listener of listeners) listener();
}

/** Everything waiting, all sources together. */
export function attentionCount(): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/** Call `listener` whenever the total may have changed; returns how to stop. */
export function onAttention(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
