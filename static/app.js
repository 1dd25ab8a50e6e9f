// juece works without this script; with it, a refused form's error summary takes the focus, so
// that a keyboard or screen-reader user lands on what to fix (the summary links to each field).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  for (var el = summary.parentElement; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") {
      el.open = true;
    }
  }
  summary.focus();
});
