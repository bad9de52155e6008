// <chat-channel-actions>: what other plugins add to a channel's header through the slot
// chat offers them, `chat.channel.action` (visio's "start a meeting"). Each fragment's
// element gets `channel` ({ id, name }); one whose module fails is left out, with the
// rest of the header working.
import { html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { session, type FragmentRef } from "@lasuite/shell";
import { ChatElement } from "./base";

export const CHANNEL_ACTION_SLOT = "chat.channel.action";

export interface ChannelRef {
  id: string;
  name: string;
}

export class ChatChannelActions extends ChatElement {
  @property({ attribute: false }) channel: ChannelRef | null = null;
  @state() private elements: HTMLElement[] = [];
  private refs: FragmentRef[] = [];
  private unsubscribe: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = session.subscribe(() => void this.build());
    void this.build();
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("channel")) for (const element of this.elements) Object.assign(element, { channel: this.channel });
  }

  /** The slot's elements, made again only when the workspace changes what it holds. */
  private async build(): Promise<void> {
    const refs = session.current?.workspace.slots[CHANNEL_ACTION_SLOT] ?? [];
    if (refs.length === this.refs.length && refs.every((ref, i) => ref.module === this.refs[i]?.module && ref.element === this.refs[i]?.element)) return;
    this.refs = refs;
    const made = await Promise.all(refs.map((ref) => madeOf(ref)));
    if (refs !== this.refs) return;
    this.elements = made.filter((element): element is HTMLElement => element !== null);
    for (const element of this.elements) Object.assign(element, { channel: this.channel });
  }

  protected override render() {
    return this.elements.length ? html`<div class="chat-channel-actions">${this.elements}</div>` : nothing;
  }
}

async function madeOf(ref: FragmentRef): Promise<HTMLElement | null> {
  try {
    await import(/* @vite-ignore */ ref.module);
    return customElements.get(ref.element) ? document.createElement(ref.element) : null;
  } catch (error) {
    console.warn(`chat: the channel action <${ref.element}> did not load`, error);
    return null;
  }
}
