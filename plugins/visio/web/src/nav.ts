// The `nav` fragment: the workspace's navigation entry to /visio.
import { html } from "lit";
import { t } from "@lasuite/shell";
import { VisioElement } from "./base";

export class VisioNav extends VisioElement {
  protected override render() {
    return html`<a class="fr-nav__link" href="/visio">${t("visio.nav")}</a>`;
  }
}
