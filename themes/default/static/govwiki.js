// The default govwiki theme's one script: the light/dark switch, which remembers the
// reader's choice. Without it (or without JavaScript) the system's preference decides.
(() => {
  const root = document.documentElement;
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const current = () =>
    root.dataset.theme ||
    (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  const show = () => {
    const next = current() === "dark" ? "light" : "dark";
    button.textContent = next === "dark" ? "Dark mode" : "Light mode";
    button.setAttribute("aria-label", "Switch to " + next + " mode");
  };
  button.hidden = false;
  show();
  button.addEventListener("click", () => {
    const next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try {
      localStorage.setItem("govwiki-theme", next);
    } catch (_) {
      // Storage may be off (private windows, some file:// settings): the switch still works.
    }
    show();
  });
})();
