// Site behaviour that templates opt into with data attributes (no inline scripts: CSP).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

document.addEventListener("change", (event) => {
  // Filter forms with data-autosubmit apply a choice as soon as it is picked.
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.requestSubmit();
  }
});

document.addEventListener("htmx:oobAfterSwap", (event) => {
  // New options swapped into a list (the vendor picker): select what the server marked, not
  // whatever option now stands where the browser's previous choice stood.
  const list = event.detail.target;
  if (list.tagName === "SELECT") {
    for (const option of list.options) {
      option.selected = option.defaultSelected;
    }
  }
});

// Live countdowns: <time data-countdown="ISO instant"> shows the time left (or overdue).
function renderCountdowns() {
  const now = Date.now();
  document.querySelectorAll("time[data-countdown]").forEach((element) => {
    const seconds = Math.round((Date.parse(element.dataset.countdown) - now) / 1000);
    const left = Math.abs(seconds);
    const days = Math.floor(left / 86400);
    const hours = Math.floor((left % 86400) / 3600);
    const minutes = Math.floor((left % 3600) / 60);
    const text = (days ? `${days}d ` : "") + `${hours}h ${String(minutes).padStart(2, "0")}m`;
    element.textContent = seconds >= 0 ? `${text} left (wall clock)` : `overdue by ${text}`;
    element.classList.toggle("text-danger", seconds < 0);
  });
}
renderCountdowns();
setInterval(renderCountdowns, 1000);
