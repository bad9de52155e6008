// The `app` fragment at /visio: the organization's rooms, or the meeting at /visio/<slug>.
import { html } from "lit";
import { state } from "lit/decorators.js";
import { VisioElement } from "./base";

const ROUTE_EVENT = "lasuite:navigate";

function slugOf(path: string): string {
  return decodeURIComponent(path.split("/")[2] ?? "");
}

export class VisioApp extends VisioElement {
  @state() private slug = slugOf(window.location.pathname);
  private readonly onRoute = () => (this.slug = slugOf(window.location.pathname));

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(ROUTE_EVENT, this.onRoute);
    window.addEventListener("popstate", this.onRoute);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(ROUTE_EVENT, this.onRoute);
    window.removeEventListener("popstate", this.onRoute);
  }

  protected override render() {
    return this.slug
      ? html`<visio-meeting .slug=${this.slug}></visio-meeting>`
      : html`<visio-rooms></visio-rooms>`;
  }
}
