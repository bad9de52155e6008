// The `nav` fragment: the workspace's navigation entry to /docs.
import { html } from "lit";
import { t } from "@lasuite/shell";
import { DocsElement } from "./base";

export class DocsNav extends DocsElement {
  protected override render() {
    return html`<a class="fr-nav__link" href="/docs">${t("docs.nav")}</a>`;
  }
}
