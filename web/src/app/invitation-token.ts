// The secret of an invitation link (`/invitations/accept#token=…`), kept for this tab.
//
// The token comes in the fragment so that it never reaches a server's log. It is
// kept in sessionStorage because the person may have to sign in first, and a
// ProConnect round trip comes back to the path alone (its `next` has no fragment);
// it is taken out of the address bar so that it does not linger in the history.

const STORAGE_KEY = "lasuite.invitation";

/** The invitation token of the address bar, else the one this tab kept; null if none. */
export function pendingInvitationToken(): string | null {
  const linked = new URLSearchParams(window.location.hash.slice(1)).get("token")?.trim();
  if (linked) {
    remember(linked);
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
    return linked;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Forget the token: the invitation is used, or the server no longer knows it. */
export function forgetInvitationToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode): nothing was kept.
  }
}

function remember(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage refused: the link still works until the page is left.
  }
}
