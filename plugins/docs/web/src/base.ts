// What every docs element shares: light DOM, so the DSFR's global classes and the
// plugin's stylesheet apply to its markup, and a re-render when the language changes.
import { LitElement } from "lit";
import { ApiError, LocaleController, session, t } from "@lasuite/shell";

export class DocsElement extends LitElement {
  protected readonly i18n = new LocaleController(this);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

export const READ = "docs.document.read";
export const CREATE = "docs.document.create";
export const EDIT = "docs.document.edit";

/** Whether the signed-in user holds `permission` in their organization. */
export function may(permission: string): boolean {
  return session.current?.me.permissions.includes(permission) ?? false;
}

/** The message to show for a failed call, in the reader's language. */
export function reason(error: unknown): string {
  if (!(error instanceof ApiError)) return t("docs.error.unexpected");
  switch (error.code) {
    case "not_found":
      return t("docs.error.notFound");
    case "forbidden":
      return t("docs.error.forbidden");
    case "invalid_input":
      return t("docs.error.invalidTitle");
    case "network_error":
      return t("docs.error.network");
    case "docs.move_into_itself":
      return t("docs.error.moveIntoItself");
    case "docs.not_in_trash":
      return t("docs.error.notInTrash");
    case "docs.owners_only":
      return t("docs.error.ownersOnly");
    case "docs.last_owner":
      return t("docs.error.lastOwner");
    case "docs.no_such_version":
      return t("docs.error.noSuchVersion");
    case "docs.unknown_export_format":
      return t("docs.error.unknownExportFormat");
    case "docs.no_such_export":
      return t("docs.error.noSuchExport");
    case "docs.export_not_ready":
      return t("docs.error.exportNotReady");
    case "docs.unknown_import_format":
      return t("docs.error.unknownImportFormat");
    case "docs.import_too_large":
      return t("docs.error.importTooLarge");
    case "docs.not_markdown":
      return t("docs.error.notMarkdown");
    case "docs.not_docx":
      return t("docs.error.notDocx");
    case "docs.comment_not_found":
      return t("docs.error.commentNotFound");
    case "docs.too_many_threads":
      return t("docs.error.tooManyThreads");
    case "docs.not_comment_author":
      return t("docs.error.notCommentAuthor");
    case "docs.unknown_reaction":
      return t("docs.error.unknownReaction");
    case "docs.not_a_template":
      return t("docs.error.notATemplate");
    case "docs.role_already_held":
      return t("docs.error.roleAlreadyHeld");
    case "docs.no_such_access_request":
      return t("docs.error.noSuchAccessRequest");
    case "core.guests_not_invited":
      return t("docs.error.guestsNotInvited");
    case "too_many_requests":
      return t("docs.error.tooManyRequests");
    default:
      return t("docs.error.unexpected");
  }
}

/** Fired (bubbling) by a view that changed documents: the sidebar loads them again. */
export const DOCS_CHANGED_EVENT = "docs-changed";

export function announceChange(from: HTMLElement): void {
  from.dispatchEvent(new CustomEvent(DOCS_CHANGED_EVENT, { bubbles: true }));
}
