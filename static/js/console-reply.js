// Staff console, a report's page: choosing a reply template fills the follow-up text at once.
// Without JavaScript the "Use this template" button reloads the page with the text filled in.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-reply-templates]");
  Array.prototype.forEach.call(selects, function (select) {
    var target = document.getElementById(select.getAttribute("data-reply-target"));
    if (!target) {
      return;
    }
    var button = select.form && select.form.querySelector("button[type=submit]");
    if (button) {
      button.hidden = true; // the choice itself fills the text
    }
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var text = option ? option.getAttribute("data-text") : null;
      if (text === null) {
        return;
      }
      if (target.value.trim() && target.value !== text &&
          !window.confirm(select.getAttribute("data-confirm"))) {
        return;
      }
      target.value = text;
      target.focus();
    });
  });
})();
