// The site header's "Menu" (templates/partials/header.html) is folded only on a phone: on a
// wider screen open it, for browsers whose CSS cannot show a closed <details>' content.
(function () {
  "use strict";
  var menu = document.querySelector("[data-header-menu]");
  if (!menu || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48rem)");
  function apply() {
    menu.open = wide.matches;
  }
  apply();
  if (wide.addEventListener) {
    wide.addEventListener("change", apply);
  }
})();
