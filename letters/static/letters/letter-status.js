// While a letter's PDF is being made, ask the server how it is going and reload the page once
// it is ready (or has failed), so the officer never has to reload by hand. Without JavaScript,
// the page's <noscript> meta refresh does the same.
const region = document.querySelector("[data-letter-status-url]");

if (region) {
  const url = region.getAttribute("data-letter-status-url");
  const progress = region.querySelector("[data-letter-progress]");
  const started = Date.now();
  let delay = 800;

  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        if (status.state !== "pending") {
          window.location.reload();
          return;
        }
        const seconds = Math.round((Date.now() - started) / 1000);
        if (progress && seconds >= 3) {
          progress.textContent = `Still making the PDF (${seconds} seconds so far).`;
        }
      }
    } catch (error) {
      // A dropped connection is not the end: keep asking, a little less often.
    }
    delay = Math.min(delay * 1.5, 5000);
    window.setTimeout(poll, delay);
  };

  window.setTimeout(poll, delay);
}
