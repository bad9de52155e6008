// <lasuite-fragment>: loads a plugin's ES module and shows its custom element,
// or an error tile in its place when the module fails, so the rest still works.
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { t } from "../shell/i18n";
import { realtime } from "../shell/realtime";
import { session, type FragmentRef } from "../shell/session";
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

/**
 * What a plugin's element was built for: the person, where they act, their role and
 * rights (the core's and its plugin's), and how many of the page's subscriptions the
 * server had ended. The session reloads whenever anything changes in the organization
 * (another plugin switched, another role's rights); an element built for the same
 * access is kept, with what the person was doing in it (a meeting being joined, a page
 * being typed in). One built for other rights, or one whose subscriptions (its plugin's
 * topics, or the core's) the server may have ended meanwhile, is built again; another
 * plugin's ended subscription leaves it be.
 */
function accessFor(ref: FragmentRef): string {
  const me = session.current?.me;
  if (!me) return "";
  const own = me.permissions.filter(
    (name) => name.startsWith("core.") || name.startsWith(`${ref.plugin}.`),
  );
  return JSON.stringify([
    me.id,
    me.organization_id,
    me.role,
    own.sort(),
    realtime.endedSubscriptionsIn("core"),
    realtime.endedSubscriptionsIn(ref.plugin),
  ]);
}

function sameElement(a: FragmentRef | undefined, b: FragmentRef): boolean {
  return a !== undefined && a.module === b.module && a.element === b.element;
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
  private builtFor = "";
  private loading = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get("ref") as FragmentRef | undefined;
    if (changed.has("ref") && this.ref && !this.keeps(before, this.ref)) void this.load(this.ref);
    else if (changed.has("properties") && this.element) {
      Object.assign(this.element, this.properties);
    }
  }

  /** Whether the element on the page stays for `next`, the same element as `before`. */
  private keeps(before: FragmentRef | undefined, next: FragmentRef): boolean {
    return (
      this.status === "ready" && sameElement(before, next) && this.builtFor === accessFor(next)
    );
  }

  private async load(ref: FragmentRef): Promise<void> {
    const attempt = ++this.loading;
    this.builtFor = accessFor(ref);
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
