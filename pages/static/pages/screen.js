// Venue screen, with JavaScript: keep the clock current and refresh the content in place every minute,
// without the blank flash of a reload. Without JavaScript the page reloads itself (<noscript> meta refresh).
(() => {
  const screenId = "screen";
  const root = document.getElementById(screenId);
  if (!root) return;
  const every = (Number(root.dataset.refreshSeconds) || 60) * 1000;

  // The clock: the server's minute until the first tick, then the browser's, in the edition's time zone.
  let format = null;
  const clock = () => document.querySelector("time[data-clock]");
  try {
    format = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: clock()?.dataset.timeZone || undefined,
    });
  } catch (error) {
    format = null; // unknown time zone: keep the server's time
  }
  const tick = () => {
    const element = clock();
    if (!element || !format) return;
    const now = new Date();
    element.textContent = format.format(now);
    element.setAttribute("datetime", now.toISOString());
  };

  // The stylesheet and script addresses carry a content hash in production: when a new version is
  // deployed, reload the whole page rather than pour new markup into old styles.
  const assets = (doc) =>
    Array.from(doc.querySelectorAll("link[rel=stylesheet], script[src]"), (el) => el.getAttribute("href") || el.getAttribute("src")).join(" ");
  const loadedAssets = assets(document);

  const refresh = async () => {
    try {
      const response = await fetch(window.location.href, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) return; // keep what is shown; try again next time
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const content = fresh.getElementById(screenId);
      if (!content) return;
      if (assets(fresh) !== loadedAssets) {
        window.location.reload();
        return;
      }
      document.getElementById(screenId).replaceChildren(...content.childNodes);
      tick();
    } catch (error) {
      // Offline or the server is restarting: keep the last content, the clock keeps running.
    }
  };

  tick();
  setInterval(tick, 5000);
  setInterval(refresh, every);
})();
