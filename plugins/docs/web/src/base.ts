// What every docs element shares: light DOM, so the DSFR's global classes and the
// plugin's stylesheet apply to its markup, and a re-render when the language changes.
import { LitElement } from "lit";
import { ApiError, errorText, LocaleController, session, t } from "@lasuite/shell";

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
  if (!(error instanceof ApiError)) return t("docs.failure.unexpected");
  switch (error.code) {
    case "not_found":
      return t("docs.failure.notFound");
    case "forbidden":
      return t("docs.failure.forbidden");
    case "invalid_input":
      return t("docs.failure.invalidTitle");
    case "network_error":
      return t("docs.failure.network");
    default:
      return errorText(error);
  }
}

/** Fired (bubbling) by a view that changed documents: the sidebar loads them again. */
export const DOCS_CHANGED_EVENT = "docs-changed";

export function announceChange(from: HTMLElement): void {
  from.dispatchEvent(new CustomEvent(DOCS_CHANGED_EVENT, { bubbles: true }));
}
