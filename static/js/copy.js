// Copy buttons: a [data-copy-button] copies the [data-copy-source] input beside it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-button]");
  if (!button) {
    return;
  }
  const source = button.parentElement.querySelector("[data-copy-source]");
  source.select();
  try {
    await navigator.clipboard.writeText(source.value);
  } catch {
    document.execCommand("copy"); // pages served over plain http have no clipboard API
  }
  const label = button.innerHTML;
  button.textContent = "Copied";
  setTimeout(() => { button.innerHTML = label; }, 1500);
});
