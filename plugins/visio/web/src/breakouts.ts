// The hosts' breakout rooms panel: open rooms for a while (people spread at random or
// placed by hand), then see who is where, move people (or oneself, to visit a room) and
// bring everyone back.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { locale, t } from "@lasuite/shell";
import { visioApi, type Breakout, type Person } from "./api";
import { reason, VisioElement } from "./base";

const MAIN = "main";
const MAX_GROUPS = 20;

export class VisioBreakouts extends VisioElement {
  @property() slug = "";
  @property({ attribute: false }) breakout: Breakout | null = null;
  /** Everyone in the meeting, the host included. */
  @property({ attribute: false }) people: Person[] = [];
  @state() private count = 2;
  @state() private minutes = 10;
  @state() private byHand = false;
  @state() private placed: Record<string, number> = {};
  @state() private failure = "";

  private async act(action: () => Promise<unknown>): Promise<void> {
    this.failure = "";
    try {
      await action();
    } catch (error) {
      this.failure = reason(error);
    }
  }

  private names(): string[] {
    return Array.from({ length: this.count }, (_, index) => t("visio.breakout.name", { number: index + 1 }));
  }

  private readonly open = (event: SubmitEvent) => {
    event.preventDefault();
    const assignment = this.byHand
      ? Object.fromEntries(Object.entries(this.placed).filter(([, group]) => group < this.count))
      : undefined;
    void this.act(() =>
      visioApi.openBreakouts(this.slug, { groups: this.names(), minutes: this.minutes, ...(assignment ? { assignment } : {}) }),
    );
  };

  protected override render() {
    return html`<aside class="visio-people visio-breakouts" aria-label=${t("visio.breakout.title")}>
      <h2 class="fr-h6">${t("visio.breakout.title")}</h2>
      ${this.failure ? html`<p class="fr-alert fr-alert--error fr-alert--sm" role="alert">${this.failure}</p>` : nothing}
      ${this.breakout ? this.renderRunning(this.breakout) : this.renderForm()}
    </aside>`;
  }

  private renderForm() {
    return html`<form class="visio-breakouts__form" @submit=${this.open}>
      <div class="fr-input-group">
        <label class="fr-label" for="visio-breakout-count">${t("visio.breakout.count")}</label>
        <input
          class="fr-input"
          id="visio-breakout-count"
          type="number"
          min="1"
          max=${MAX_GROUPS}
          required
          .value=${String(this.count)}
          @input=${(e: Event) => (this.count = Math.max(1, Math.min(MAX_GROUPS, Number((e.target as HTMLInputElement).value) || 1)))}
        />
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="visio-breakout-minutes">${t("visio.breakout.minutes")}</label>
        <input
          class="fr-input"
          id="visio-breakout-minutes"
          type="number"
          min="1"
          max="240"
          required
          .value=${String(this.minutes)}
          @input=${(e: Event) => (this.minutes = Number((e.target as HTMLInputElement).value) || 1)}
        />
      </div>
      <div class="fr-checkbox-group">
        <input
          type="checkbox"
          id="visio-breakout-by-hand"
          .checked=${this.byHand}
          @change=${(e: Event) => (this.byHand = (e.target as HTMLInputElement).checked)}
        />
        <label class="fr-label" for="visio-breakout-by-hand">${t("visio.breakout.byHand")}</label>
      </div>
      ${this.byHand
        ? html`<ul class="visio-people__list">
            ${this.people.map((person) => this.placement(person, this.placed[person.id] ?? null, (group) => {
              const { [person.id]: _old, ...others } = this.placed;
              this.placed = group === null ? others : { ...others, [person.id]: group };
            }))}
          </ul>`
        : html`<p class="fr-hint-text">${t("visio.breakout.atRandom")}</p>`}
      <button class="fr-btn" type="submit">${t("visio.breakout.open")}</button>
    </form>`;
  }

  private renderRunning(breakout: Breakout) {
    const until = new Date(breakout.ends_at).toLocaleTimeString(locale(), { timeStyle: "short" });
    return html`<p>${t("visio.breakout.until", { time: until })}</p>
      <ul class="visio-people__list">
        ${this.people.map((person) =>
          this.placement(person, breakout.members[person.id] ?? null, (group) =>
            void this.act(() => visioApi.moveToBreakout(this.slug, person.id, group)),
          ),
        )}
      </ul>
      <button class="fr-btn fr-btn--secondary" @click=${() => void this.act(() => visioApi.endBreakouts(this.slug))}>
        ${t("visio.breakout.end")}
      </button>`;
  }

  /** One person's room, to choose: the main room or a breakout room. */
  private placement(person: Person, group: number | null, choose: (group: number | null) => void) {
    const groups = this.breakout?.groups ?? this.names();
    const id = `visio-breakout-of-${person.id}`;
    return html`<li class="visio-people__person">
      <label class="fr-label" for=${id}>${person.name}</label>
      <select
        class="fr-select"
        id=${id}
        @change=${(e: Event) => {
          const value = (e.target as HTMLSelectElement).value;
          choose(value === MAIN ? null : Number(value));
        }}
      >
        <option value=${MAIN} ?selected=${group === null}>${t("visio.breakout.main")}</option>
        ${groups.map((name, index) => html`<option value=${String(index)} ?selected=${group === index}>${name}</option>`)}
      </select>
    </li>`;
  }
}
