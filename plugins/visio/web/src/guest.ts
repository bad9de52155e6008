// The `public.page` fragment: /visio/<slug> for someone not signed in — they give a name
// and join the meeting (or wait in its lobby), as the room's access level allows.
import { html } from "lit";
import { t } from "@lasuite/shell";
import { VisioElement } from "./base";

export class VisioGuest extends VisioElement {
  protected override render() {
    const slug = decodeURIComponent(window.location.pathname.split("/")[2] ?? "");
    if (!slug) {
      return html`<div class="visio-notice">
        <h1 class="fr-h4">${t("visio.title")}</h1>
        <p>${t("visio.guestNoLink")}</p>
        <a class="fr-btn" href="/login">${t("visio.signIn")}</a>
      </div>`;
    }
    return html`<visio-meeting .slug=${slug} guest></visio-meeting>
      <p class="visio-muted visio-guest__sign-in">
        ${t("visio.guestHasAccount")} <a href="/login">${t("visio.signIn")}</a>
      </p>`;
  }
}
