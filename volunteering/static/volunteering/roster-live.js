// The roster while the task happens: every 12 s fetch its live part (?part=live) and swap it in, so the
// requester sees people check in and out without reloading. Without JavaScript the page reloads itself
// (<noscript> refresh) and has a "Refresh" link. A swap waits while focus is inside the part (a tap in
// progress) and is skipped while the tab is hidden.
(() => {
  const region = document.getElementById("roster-live");
  const url = region && region.dataset.liveUrl;
  if (!url || !window.fetch || !window.DOMParser) return;
  const INTERVAL_MS = 12000;
  let busy = false;

  const refresh = async () => {
    if (busy || document.hidden || region.contains(document.activeElement)) return;
    busy = true;
    try {
      const response = await fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
      if (!response.ok || response.redirected) return; // logged out or no longer allowed: leave the page as it is
      const fresh = new DOMParser().parseFromString(`<div>${await response.text()}</div>`, "text/html").body.firstElementChild;
      if (fresh) region.replaceChildren(...fresh.childNodes);
    } catch (error) {
      // Offline for a moment: try again next time.
    } finally {
      busy = false;
    }
  };

  window.setInterval(refresh, INTERVAL_MS);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
})();
