// "Print" buttons (data-print): a static script, because the Content-Security-Policy allows
// no inline handlers.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
