// The colours that stand for people (the core's palette, lasuite.identity.colours), and
// a person's initials' badge in their colour. The page's CSP refuses style attributes:
// each colour is a class of shell.css.
import { html } from "lit";

export const PALETTE = [
  { colour: "#000091", name: "blueFrance" },
  { colour: "#18753c", name: "green" },
  { colour: "#b34000", name: "orange" },
  { colour: "#a94645", name: "brick" },
  { colour: "#3558a2", name: "blue" },
  { colour: "#6e445a", name: "plum" },
  { colour: "#8d533e", name: "brown" },
  { colour: "#006a6f", name: "teal" },
] as const;

export function colourClass(colour: string): string {
  return `lasuite-colour-${colour.replace("#", "")}`;
}

/** The first letters of the first and last words of `name` ("Inès Lambert" → "IL"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...word][0]?.toUpperCase() ?? "").join("");
}

/** A person's badge: their initials on their colour (hidden from screen readers, who
 * read the name beside it). */
export function badge(name: string, colour: string) {
  return html`<span class="lasuite-badge ${colourClass(colour)}" aria-hidden="true"
    >${initials(name)}</span
  >`;
}
