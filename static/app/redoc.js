// Starts ReDoc on /api/redoc/ (api.views.docs): no inline script under the Content Security
// Policy. The nonce lets ReDoc's own <style> elements through; web fonts are not loaded.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  if (!container || !window.Redoc) return;
  window.Redoc.init(
    container.getAttribute("data-schema-url"),
    {
      nonce: container.getAttribute("data-nonce"),
      hideDownloadButton: false,
      theme: {
        typography: {
          fontFamily: "Arial, sans-serif",
          headings: { fontFamily: "Arial, sans-serif" },
        },
      },
    },
    container,
  );
})();
