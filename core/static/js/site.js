// Small enhancements only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form) form.requestSubmit();
});

// A button marked data-once sends its form once: a double click does not post twice (the server
// refuses a repeated form too; this only spares the second request).
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.hasAttribute("data-once")) setTimeout(() => { button.disabled = true; }, 0);
});

// The account menu closes when you tap elsewhere or press Escape (a <details> alone stays open).
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details[data-account-menu][open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details[data-account-menu][open]")) {
    menu.open = false;
    menu.querySelector("summary")?.focus();
  }
});
