// Live "ongoing for": <time data-elapsed-since="ISO instant"> counts up from that instant,
// written as the server writes durations (45m, 3h 05m, 2d 4h 10m).
(() => {
  const pad = (n) => String(n).padStart(2, "0");
  function renderElapsed() {
    const now = Date.now();
    document.querySelectorAll("time[data-elapsed-since]").forEach((element) => {
      const since = Date.parse(element.dataset.elapsedSince);
      if (Number.isNaN(since)) return;
      const minutes = Math.max(0, Math.floor((now - since) / 60000));
      const days = Math.floor(minutes / 1440);
      const hours = Math.floor((minutes % 1440) / 60);
      const rest = minutes % 60;
      element.textContent = days ? `${days}d ${hours}h ${pad(rest)}m` : hours ? `${hours}h ${pad(rest)}m` : `${rest}m`;
    });
  }
  renderElapsed();
  setInterval(renderElapsed, 30000);
})();
