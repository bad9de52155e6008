// One text field of a form in the DSFR's markup: its label and hint, and the problem
// found with its value shown beside it (red, announced, tied to the input). The account
// rules the forms check before the API does are here too.
import { html, nothing, type TemplateResult } from "lit";

/** The API's rules for an account's password and display name. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;
export const DISPLAY_NAME_MAX_LENGTH = 200;

export interface Field {
  id: string;
  name: string;
  label: string;
  /** A line under the label (a rule, an example). */
  hint?: string | TemplateResult;
  /** What is wrong with the value; empty when nothing is. */
  problem?: string;
  type?: "text" | "password" | "email";
  autocomplete: string;
  minlength?: number;
  maxlength?: number;
  required?: boolean;
  /** The value the field starts with. */
  value?: string;
  onInput?: () => void;
}

/** Whether a password keeps to the length rule (counted in characters, as the API does). */
export function passwordFits(password: string): boolean {
  const length = [...password].length;
  return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
}

export function inputField(field: Field): TemplateResult {
  const problem = field.problem ?? "";
  const errorId = `${field.id}-error`;
  return html`<div class="fr-input-group ${problem ? "fr-input-group--error" : ""}">
    <label class="fr-label" for=${field.id}>
      ${field.label}
      ${field.hint ? html`<span class="fr-hint-text">${field.hint}</span>` : nothing}
    </label>
    <input
      class="fr-input ${problem ? "fr-input--error" : ""}"
      type=${field.type ?? "text"}
      id=${field.id}
      name=${field.name}
      autocomplete=${field.autocomplete}
      minlength=${field.minlength ?? nothing}
      maxlength=${field.maxlength ?? nothing}
      ?required=${field.required ?? false}
      .value=${field.value ?? ""}
      aria-invalid=${problem ? "true" : "false"}
      aria-describedby=${problem ? errorId : nothing}
      @input=${() => field.onInput?.()}
    />
    ${problem ? html`<p class="fr-error-text" id=${errorId}>${problem}</p>` : nothing}
  </div>`;
}
