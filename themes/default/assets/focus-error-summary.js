// A form the server refused comes back with its error summary at the top. Focus goes there, so a
// screen reader reads it and the keyboard starts from what to fix instead of from <body>.
const summary = document.querySelector('main .alert-error');
if (summary && document.querySelector('main form')) {
  if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
  summary.focus();
}
