// The board's filters apply in place: fetch the same page with the new query string and swap the results.
// Without JavaScript the filter form is an ordinary GET form.
(() => {
  const form = document.querySelector("form[data-board-filters]");
  const results = document.getElementById("board-results");
  const count = document.getElementById("board-count");
  if (!form || !results || !count || !window.fetch || !window.DOMParser) return;

  let controller = null;
  let timer = null;

  const queryString = () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string" && value.trim() !== "") params.append(name, value.trim());
    }
    const text = params.toString();
    return text ? `?${text}` : "";
  };

  const load = async (url, push) => {
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { "X-Requested-With": "fetch" } });
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const newResults = page.getElementById("board-results");
      const newCount = page.getElementById("board-count");
      const newForm = page.querySelector("form[data-board-filters] .button-row");
      if (!newResults || !newCount) throw new Error("unexpected page");
      results.innerHTML = newResults.innerHTML;
      count.textContent = newCount.textContent;
      const buttons = form.querySelector(".button-row");
      if (newForm && buttons) buttons.innerHTML = newForm.innerHTML; // the "Clear filters" link comes and goes
      if (push) history.pushState({ board: true }, "", url);
    } catch (error) {
      if (error.name !== "AbortError") window.location.assign(url); // fall back to a normal page load
    } finally {
      results.removeAttribute("aria-busy");
    }
  };

  const apply = () => load(window.location.pathname + queryString(), true);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    apply();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("select, input[type=checkbox]")) apply();
  });
  form.addEventListener("input", (event) => {
    if (!event.target.matches("input[type=search]")) return;
    clearTimeout(timer);
    timer = setTimeout(apply, 400);
  });
  // Page links inside the results load in place too.
  results.addEventListener("click", (event) => {
    const link = event.target.closest(".pagination a[href]");
    if (!link) return;
    event.preventDefault();
    load(link.href, true);
    results.scrollIntoView({ block: "start" });
  });

  form.addEventListener("click", (event) => {
    const clear = event.target.closest("a[data-board-clear]");
    if (!clear) return;
    event.preventDefault();
    for (const field of form.elements) {
      if (field.type === "checkbox") field.checked = false;
      else if (field.tagName === "SELECT") field.selectedIndex = 0;
      else if (field.type === "search") field.value = "";
    }
    load(clear.href, true);
  });

  window.addEventListener("popstate", () => {
    const params = new URLSearchParams(window.location.search);
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.type === "checkbox") field.checked = params.has(field.name);
      else if (field.tagName === "SELECT" || field.type === "search" || field.type === "text") field.value = params.get(field.name) || "";
    }
    load(window.location.href, false);
  });
})();
