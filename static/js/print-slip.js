/* The operator's receipt slip: a "Print" button for [data-print] (hidden without JavaScript;
   the browser's own Print command works the same, the print styles keep only the slip). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
