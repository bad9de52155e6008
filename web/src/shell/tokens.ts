// Design tokens: the DSFR's CSS custom properties, named for what they are for.
// They inherit through shadow roots, so a plugin element with its own styles
// writes `color: ${unsafeCSS(tokens.color.text)}` and follows the light/dark theme.

export const tokens = {
  color: {
    text: "var(--text-default-grey)",
    textMuted: "var(--text-mention-grey)",
    textTitle: "var(--text-title-grey)",
    textAction: "var(--text-action-high-blue-france)",
    textError: "var(--text-default-error)",
    textSuccess: "var(--text-default-success)",
    background: "var(--background-default-grey)",
    backgroundAlt: "var(--background-alt-grey)",
    backgroundRaised: "var(--background-raised-grey)",
    backgroundAction: "var(--background-action-high-blue-france)",
    backgroundActionHover: "var(--background-action-high-blue-france-hover)",
    border: "var(--border-default-grey)",
    borderAction: "var(--border-action-high-blue-france)",
    focus: "#0a76f6",
  },
  font: {
    family: '"Marianne", arial, sans-serif',
    sizeSmall: "0.875rem",
    size: "1rem",
    sizeLarge: "1.25rem",
  },
  space: {
    "1v": "0.25rem",
    "2v": "0.5rem",
    "3v": "0.75rem",
    "4v": "1rem",
    "6v": "1.5rem",
    "8v": "2rem",
  },
  radius: "0.25rem",
} as const;

export type Tokens = typeof tokens;
