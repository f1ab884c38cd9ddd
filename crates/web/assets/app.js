// afterview's only script of its own, loaded from the server (the page's
// Content-Security-Policy forbids inline script). It adds what htmx does
// not: the copy button of the write page. Every page works without it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(source.value).then(function () {
      var status = document.getElementById("copy-status");
      if (status) status.textContent = "Copied.";
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = false; });
  });
})();
