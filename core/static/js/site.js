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
