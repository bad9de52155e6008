// <lasuite-fragment>: loads a plugin's ES module and shows its custom element,
// or an error tile in its place when the module fails, so the rest still works.
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { t } from "../shell/i18n";
import type { FragmentRef } from "../shell/session";
import { LightElement } from "./light-element";

type Status = "loading" | "ready" | "failed";

/** Fired (bubbling) once a fragment's element is in the page. */
export const FRAGMENT_READY_EVENT = "lasuite-fragment-ready";
/** Fired (bubbling) when a fragment's module or element fails and the error tile shows. */
export const FRAGMENT_FAILED_EVENT = "lasuite-fragment-failed";

/** Import `ref.module` and build `ref.element`; rejects when either fails. */
export async function createFragment(ref: FragmentRef): Promise<HTMLElement> {
  await import(/* @vite-ignore */ ref.module);
  const constructor = customElements.get(ref.element);
  if (!constructor) {
    throw new Error(`${ref.module} does not define <${ref.element}>`);
  }
  const element = document.createElement(ref.element);
  // A constructor that throws leaves an HTMLUnknownElement in its place.
  if (!(element instanceof constructor)) {
    throw new Error(`the constructor of <${ref.element}> failed`);
  }
  return element;
}

@customElement("lasuite-fragment")
export class LasuiteFragment extends LightElement {
  @property({ attribute: false }) ref?: FragmentRef;
  /** The plugin's name, for the error tile. */
  @property({ attribute: false }) pluginName = "";
  /** A compact error tile, e.g. in the navigation bar. */
  @property({ type: Boolean }) compact = false;
  /** Properties the slot gives the element (e.g. `settings.org`: plugin, settings, version). */
  @property({ attribute: false }) properties?: Record<string, unknown>;

  @state() private status: Status = "loading";
  private element?: HTMLElement;
  private loading = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("ref") && this.ref) void this.load(this.ref);
    else if (changed.has("properties") && this.element) {
      Object.assign(this.element, this.properties);
    }
  }

  private async load(ref: FragmentRef): Promise<void> {
    const attempt = ++this.loading;
    this.status = "loading";
    try {
      const element = await createFragment(ref);
      if (attempt !== this.loading) return;
      Object.assign(element, this.properties);
      this.element = element;
      this.status = "ready";
      await this.updateComplete;
      await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
      this.dispatchEvent(new CustomEvent(FRAGMENT_READY_EVENT, { bubbles: true }));
    } catch (error) {
      if (attempt !== this.loading) return;
      console.error(`lasuite: the fragment <${ref.element}> of ${ref.plugin} failed:`, error);
      this.element = undefined;
      this.status = "failed";
      this.dispatchEvent(new CustomEvent(FRAGMENT_FAILED_EVENT, { bubbles: true }));
    }
  }

  protected override render() {
    if (this.status === "ready") return this.element;
    if (this.status === "loading") return nothing;
    const name = this.pluginName || this.ref?.plugin || "";
    return html`<div
      class="fr-alert fr-alert--error fr-alert--sm lasuite-fragment-error ${this.compact
        ? "lasuite-fragment-error--compact"
        : ""}"
      role="alert"
      data-plugin=${this.ref?.plugin ?? ""}
    >
      <p>
        <strong>${t("fragment.error", { plugin: name })}</strong>
        ${this.compact ? nothing : html`<br />${t("fragment.errorDetail")}`}
      </p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lasuite-fragment": LasuiteFragment;
  }
}
