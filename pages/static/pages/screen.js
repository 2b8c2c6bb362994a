// Venue screen: keep the clock current between the page's one-minute reloads. The page works without this file.
(() => {
  const clock = document.querySelector("time[data-clock]");
  if (!clock) return;
  let format;
  try {
    format = new Intl.DateTimeFormat(undefined, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: clock.dataset.timeZone || undefined,
    });
  } catch (error) {
    return; // unknown time zone: keep the server's time
  }
  const tick = () => {
    const now = new Date();
    clock.textContent = format.format(now);
    clock.setAttribute("datetime", now.toISOString());
  };
  tick();
  setInterval(tick, 10000);
})();
