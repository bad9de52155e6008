// What someone wrote and did not send yet, kept per channel (and per thread) in the
// browser, so that a reload, another channel opened meanwhile or a closed tab loses
// nothing (as in Mattermost). Kept in localStorage, which a private window may refuse:
// then drafts last as long as the page.

const PREFIX = "lasuite.chat.draft.";

function key(channelId: string, threadRootId: string | null): string {
  return `${PREFIX}${channelId}${threadRootId ? `.${threadRootId}` : ""}`;
}

/** The draft of a channel's composer (or of a thread's), "" when there is none. */
export function draftOf(channelId: string, threadRootId: string | null): string {
  try {
    return localStorage.getItem(key(channelId, threadRootId)) ?? "";
  } catch {
    return "";
  }
}

/** Keep `text` as the draft (an empty text forgets it). */
export function keepDraft(channelId: string, threadRootId: string | null, text: string): void {
  try {
    if (text.trim()) localStorage.setItem(key(channelId, threadRootId), text);
    else localStorage.removeItem(key(channelId, threadRootId));
  } catch {
    // Storage refused: the draft lasts as long as the page.
  }
}
