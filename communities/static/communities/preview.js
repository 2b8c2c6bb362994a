// Live preview of the community introduction: the server renders and sanitises the Markdown (the
// same code as the page), so what you see is what visitors get. Without JavaScript the form's
// "Preview" button does the same.
(() => {
  const form = document.querySelector("form[data-preview-url]");
  if (!form || !window.fetch || !window.FormData) return;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  const timers = new Map();

  const render = async (textarea, target) => {
    const body = new FormData();
    body.append("text", textarea.value);
    if (token) body.append("csrfmiddlewaretoken", token.value);
    try {
      const response = await fetch(form.dataset.previewUrl, { method: "POST", body, credentials: "same-origin" });
      if (!response.ok) return; // keep the last good preview
      target.innerHTML = await response.text(); // sanitised HTML from the server
      target.closest("[data-preview-empty]")?.removeAttribute("data-preview-empty");
    } catch (error) {
      // offline at the venue: the Preview button still works once the network is back
    }
  };

  for (const target of document.querySelectorAll("[data-preview-for]")) {
    const textarea = document.getElementById(target.dataset.previewFor);
    if (!textarea) continue;
    textarea.addEventListener("input", () => {
      clearTimeout(timers.get(textarea));
      timers.set(textarea, setTimeout(() => render(textarea, target), 400));
    });
    if (textarea.value.trim()) render(textarea, target);
  }
})();
