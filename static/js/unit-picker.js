// The dispatch picker (aduan/workflow/widgets.py): a search box that narrows the grouped
// checkboxes as one types. Chosen units always stay in view; the count says how many are
// chosen. Without this script the picker is the plain grouped list of checkboxes.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase("id").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(picker) {
    var tools = picker.querySelector("[data-unit-picker-tools]");
    var search = picker.querySelector("[data-unit-picker-search]");
    var count = picker.querySelector("[data-unit-picker-count]");
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-unit-option]"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-unit-group]"));
    if (!tools || !search || !count) {
      return;
    }
    options.forEach(function (option) {
      var name = option.querySelector("[data-unit-name]");
      option.dataset.search = normalise(name ? name.textContent : option.textContent);
    });

    function update() {
      var words = normalise(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var chosen = 0;
      options.forEach(function (option) {
        var box = option.querySelector("input");
        var checked = box && box.checked;
        var matches = words.every(function (word) {
          return option.dataset.search.indexOf(word) !== -1;
        });
        option.hidden = !(checked || matches);
        shown += option.hidden ? 0 : 1;
        chosen += checked ? 1 : 0;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-unit-option]:not([hidden])");
      });
      var text = count.dataset.templateChosen.replace("{count}", String(chosen));
      if (shown === 0) {
        text += " " + count.dataset.templateNone;
      }
      count.textContent = text;
    }

    tools.hidden = false;
    picker.classList.add("is-searchable");
    search.addEventListener("input", update);
    // Enter in the search box must not send the whole form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = picker.querySelector("[data-unit-option]:not([hidden]) input:not(:checked)");
        if (first) {
          first.focus();
        }
      }
    });
    picker.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-unit-picker]").forEach(setUp);
})();
