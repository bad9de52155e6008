// Light or dark: the DSFR switches every colour token on <html data-fr-theme>.

export type Theme = "light" | "dark";

const STORAGE_KEY = "lasuite.theme";

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

/** The chosen theme, else the system's preference. */
export function theme(): Theme {
  return stored() ?? (window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light");
}

export function applyTheme(next: Theme = theme()): void {
  document.documentElement.setAttribute("data-fr-theme", next);
  document.documentElement.setAttribute("data-fr-scheme", next);
}

/** Switch to the other theme and remember the choice in this browser. */
export function toggleTheme(): Theme {
  const next: Theme = theme() === "dark" ? "light" : "dark";
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyTheme(next);
  return next;
}
