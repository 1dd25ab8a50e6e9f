// juece works without this script; with it, a refused form's error summary takes the focus, so
// that a keyboard or screen-reader user lands on what to fix (the summary links to each field).
// On load: the browser's own move to the form's anchor (…#form-notice) takes the focus before.
window.addEventListener("load", function () {
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

// A link to a form in a folded section (a task of the task list, a stage summary) opens the
// folds around it, so the form shows where the link lands.
function openTarget() {
  var id = decodeURIComponent(location.hash.slice(1));
  var el = id && document.getElementById(id);
  for (; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") {
      el.open = true;
    }
  }
}
document.addEventListener("DOMContentLoaded", openTarget);
window.addEventListener("hashchange", function () {
  openTarget();
  var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (el) {
    el.scrollIntoView();
  }
});
