// Runs first: records script errors, failed loads and CSP violations on <html>,
// where a headless browser's DOM dump (and a curious reader's dev tools) can see them.
(function () {
  "use strict";
  var root = document.documentElement;
  function note(text) {
    var seen = root.getAttribute("data-js-errors");
    root.setAttribute("data-js-errors", (seen ? seen + " | " : "") + text);
  }
  window.addEventListener("error", function (event) {
    var target = event.target;
    if (target && target !== window && target.tagName) {
      note("load failed: " + String(target.tagName).toLowerCase());
    } else {
      note("error: " + event.message);
    }
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    note("unhandled rejection: " + String(event.reason));
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    note("blocked by CSP: " + event.violatedDirective);
  });
})();
