// <lasuite-connection-status>: a discreet badge in the header saying whether the
// live connection (the app websocket) is up or being re-established.
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { t } from "../shell/i18n";
import { realtime, type ConnectionStatus } from "../shell/realtime";
import { LightElement } from "./light-element";

const BADGES: Record<ConnectionStatus, string> = {
  offline: "",
  connecting: "fr-badge--info",
  online: "fr-badge--success",
  reconnecting: "fr-badge--warning",
};

@customElement("lasuite-connection-status")
export class LasuiteConnectionStatus extends LightElement {
  @state() private status: ConnectionStatus = realtime.status;
  private stop?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.status = realtime.status;
    this.stop = realtime.onStatus((status) => (this.status = status));
  }

  override disconnectedCallback(): void {
    this.stop?.();
    super.disconnectedCallback();
  }

  protected override render() {
    return html`<div class="lasuite-tool lasuite-connection" role="status">
      ${this.status === "offline"
        ? nothing
        : html`<p
            class="fr-badge fr-badge--sm fr-badge--no-icon ${BADGES[this.status]}"
            id="lasuite-connection"
            data-status=${this.status}
          >
            ${t(`realtime.${this.status}`)}
          </p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-connection-status": LasuiteConnectionStatus;
  }
}
