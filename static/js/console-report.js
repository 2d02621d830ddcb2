// The report page of the console. An action that failed (verify without a unit, …) answers
// with this page at the action's address; put the report's own address in the address bar,
// so a reload or a bookmark shows the report (the server also redirects a GET on an action
// address there), and move the focus to the list of errors.
(function () {
  "use strict";
  var report = document.querySelector("[data-report-url]");
  if (report && window.location.pathname !== report.dataset.reportUrl && window.history) {
    window.history.replaceState(null, "", report.dataset.reportUrl + window.location.hash);
  }
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
