// What an invitation link offers through the API — what it invites to, joining with
// a new account or the signed-in one — and what a refusal means to the invitee.
import { api, ApiError } from "../shell/api";
import { t } from "../shell/i18n";
import { errorText } from "../shell/errors";

export type InvitationRole = "owner" | "admin" | "member" | "guest";

/** `POST /api/v1/invitations/preview`: shown before the invitee joins. */
export interface InvitationPreview {
  organization: string;
  email: string;
  role: InvitationRole;
  invited_by: string | null;
  /** What the invitee is invited to (a page's title). */
  note: string | null;
  expires_at: string;
  /** An account holds the invited address: sign in rather than sign up. */
  has_account: boolean;
  /** False when accounts come only from the identity provider. */
  local_accounts: boolean;
}

/** The organization joined, and the workspace path to land on (or null: home). */
export interface JoinedOrganization {
  id: string;
  slug: string;
  name: string;
  siret: string | null;
  role: InvitationRole;
  landing: string | null;
}

export function previewInvitation(token: string): Promise<InvitationPreview> {
  return api.post<InvitationPreview>("/api/v1/invitations/preview", { token });
}

/** Make the invitee's account and membership; the answer signs this browser in. */
export function signUpWithInvitation(
  token: string,
  displayName: string,
  password: string,
): Promise<JoinedOrganization> {
  return api.post<JoinedOrganization>("/api/v1/invitations/signup", {
    token,
    display_name: displayName,
    password,
  });
}

/** Join with the signed-in account, which must have the invited address. */
export function acceptInvitation(token: string): Promise<JoinedOrganization> {
  return api.post<JoinedOrganization>("/api/v1/invitations/accept", { token });
}

/** Whether `error` says the link itself is dead (unknown, revoked, used or expired). */
export function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 410);
}

/**
 * The sentence telling the invitee why `what` failed, in their language: the API's
 * codes are for programs, its details in English.
 */
export function refusalMessage(
  error: unknown,
  what: "preview" | "signup" | "accept",
  preview?: InvitationPreview,
): string {
  if (!(error instanceof ApiError)) return failureMessage(error);
  const organization = preview?.organization ?? "";
  switch (error.status) {
    case 404:
      return t("invitation.error.notFound");
    case 410:
      return t("invitation.error.gone");
    case 409:
      return what === "signup"
        ? t("invitation.error.accountExists", { email: preview?.email ?? "" })
        : t("invitation.error.alreadyMember", { organization });
    case 403:
      return t("invitation.error.otherAddress", { email: preview?.email ?? "" });
    case 429:
      return t("invitation.error.tooMany");
    default:
      return failureMessage(error);
  }
}

/** The sentence for a failure that says nothing of the invitation (network, server). */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 0) return t("error.network");
  return t("invitation.error.other", { reason: errorText(error) });
}
