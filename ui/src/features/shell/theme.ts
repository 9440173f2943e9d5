/** Applies `light`, `dark` or `system` (follows prefers-color-scheme via CSS). */
export function applyTheme(theme: string) {
  const root = document.documentElement;
  if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  else delete root.dataset.theme;
}
