// Operator entry (/konsol/entri/): show a letter's number and dates only for a letter or a
// complaint-box note, and the time of the call only for a phone call. Without this script
// every field is shown; the server refuses details that do not fit the channel.
(function () {
  "use strict";
  var form = document.querySelector("form[data-report-form]");
  if (!form) {
    return;
  }
  var details = Array.prototype.slice.call(form.querySelectorAll("[data-channel-detail]"));
  function update() {
    var chosen = form.querySelector("input[name=channel]:checked");
    var channel = chosen ? chosen.value : "";
    details.forEach(function (detail) {
      var fits = detail.dataset.channelDetail.split(" ").indexOf(channel) !== -1;
      var filled = Array.prototype.some.call(detail.querySelectorAll("input"), function (input) {
        return input.value !== "";
      });
      detail.hidden = !fits && !filled;
    });
  }
  form.addEventListener("change", update);
  update();
})();
