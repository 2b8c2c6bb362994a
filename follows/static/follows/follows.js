// Follow and star buttons toggle in place: post the form with fetch and update the button and count
// from the JSON answer. Without JavaScript (or when anything goes wrong) the form posts normally.
(() => {
  if (!window.fetch || !window.FormData) return;

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-follow-form]")) return;
    const button = form.querySelector("[data-follow-button]");
    const want = form.querySelector("[data-follow-want]");
    if (!button || !want) return;
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || response.redirected || !type.includes("application/json")) throw new Error("no JSON");
      const data = await response.json();
      button.setAttribute("aria-pressed", data.following ? "true" : "false");
      button.textContent = data.label;
      want.value = data.following ? "0" : "1";
      const count = form.querySelector("[data-follow-count]");
      if (count && data.count_text) count.textContent = data.count_text;
    } catch (error) {
      form.submit(); // fall back to the ordinary post (e.g. to the login page)
    } finally {
      button.disabled = false;
    }
  });
})();
