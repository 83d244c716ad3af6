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

// Text areas with a maximum length show how much of it is used: "120 of 20,000 characters".
// The limit is the textarea's maxlength, which the model's limit put there (core.limits).
function characterCounter(area) {
  let counter = area.nextElementSibling;
  if (!counter || !counter.matches("[data-character-counter]")) {
    counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.dataset.characterCounter = "";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
  }
  return counter;
}

function countCharacters(area) {
  const limit = Number(area.getAttribute("maxlength"));
  const used = area.value.length;
  const counter = characterCounter(area);
  counter.textContent = `${used.toLocaleString("en-US")} of ${limit.toLocaleString("en-US")} characters`;
  counter.classList.toggle("text-danger", used >= limit);
}

function countAllCharacters(root) {
  root.querySelectorAll("textarea[maxlength]").forEach(countCharacters);
}

document.addEventListener("input", (event) => {
  if (event.target.matches("textarea[maxlength]")) {
    countCharacters(event.target);
  }
});
countAllCharacters(document);
document.addEventListener("htmx:load", (event) => countAllCharacters(event.target));
