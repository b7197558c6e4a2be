// authgate — progress feedback for forms. Served from /static/authgate.js (the CSP allows
// script-src 'self' only: no inline script anywhere). Pages work the same without it.
//
// While a form is being sent, its submit buttons are disabled and the form is marked
// aria-busy, so a slow login or registration cannot be sent twice and shows that it is
// working. Coming back to the page (the back button) enables them again.
(function () {
  'use strict';

  function disableButtons(form, busy) {
    var buttons = form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = busy;
    }
  }

  function setBusy(form, busy) {
    if (busy) {
      form.setAttribute('aria-busy', 'true');
      // The browser collects the form's values (a named submit button's included) right
      // after this event, so the buttons are disabled in the next task, not now.
      setTimeout(function () {
        if (form.getAttribute('aria-busy') === 'true') {
          disableButtons(form, true);
        }
      }, 0);
    } else {
      form.removeAttribute('aria-busy');
      disableButtons(form, false);
    }
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) {
      return;
    }
    if (form.getAttribute('aria-busy') === 'true') {
      event.preventDefault();
      return;
    }
    setBusy(form, true);
  });

  window.addEventListener('pageshow', function () {
    var forms = document.querySelectorAll('form[aria-busy=true]');
    for (var i = 0; i < forms.length; i++) {
      setBusy(forms[i], false);
    }
  });
})();
