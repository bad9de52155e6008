// What every chat element shares: light DOM, so the DSFR's global classes apply to
// its markup, and a re-render when the language changes.
import { html, LitElement, nothing } from "lit";
import { errorText, LocaleController, session } from "@lasuite/shell";
import { chatApi, type OrgMember } from "./api";

export class ChatElement extends LitElement {
  protected readonly i18n = new LocaleController(this);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

/** The signed-in user's id, or "" before the session is known. */
export function myId(): string {
  return session.current?.me.id ?? "";
}

/** Whether the signed-in user holds `permission` in their organization. */
export function may(permission: string): boolean {
  return session.current?.me.permissions.includes(permission) ?? false;
}

/** The message to show for a failed call, in the reader's language. */
export function reason(error: unknown): string {
  return errorText(error);
}

/** A failure told in an alert (nothing when there is none). */
export function errorAlert(message: string) {
  return message
    ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert"><p>${message}</p></div>`
    : nothing;
}

/** The people the user may reach: the organization's members, or, without
 * chat.conversation.anyone (guests), the people of their channels. */
export function reachablePeople(): Promise<Pick<OrgMember, "user_id" | "display_name">[]> {
  return may("chat.conversation.anyone") ? chatApi.orgMembers() : chatApi.contacts();
}

/** Fired (bubbling) by the channel view once it marked messages read. */
export const READ_EVENT = "chat-read";
export type ReadDetail = { channelId: string; seq: number };

/** Fired (bubbling) by a view that changed which channels the user is in. */
export const CHANNELS_CHANGED_EVENT = "chat-channels-changed";
