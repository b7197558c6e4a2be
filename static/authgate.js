// authgate — the pages' small script. Served from /static/authgate.js (the CSP allows
// script-src 'self' only: no inline script anywhere). Pages work the same without it.
//
// * Progress: while a form is being sent, its submit buttons are disabled and the form is
//   marked aria-busy, so a slow login or registration cannot be sent twice and shows
//   that it is working. Coming back to the page (the back button) enables them again.
// * Show password: each password field gets a "Show" toggle button (aria-pressed; its
//   name stays "Show password" whatever its state, as toggle buttons should). The
//   button exists only when this script runs, so without script nothing is offered
//   that would do nothing. A shown password is hidden again before its form is sent
//   (no browser keeps it as plain text) and when the page is shown again.
(function () {
  'use strict';

  function hidePassword(button) {
    var input = document.getElementById(button.getAttribute('aria-controls'));
    if (input) {
      input.type = 'password';
    }
    button.setAttribute('aria-pressed', 'false');
  }

  function addRevealButton(input) {
    if (!input.id || input.parentNode.classList.contains('password-field')) {
      return;
    }
    var wrap = document.createElement('div');
    wrap.className = 'password-field';
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);

    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'reveal';
    button.setAttribute('aria-controls', input.id);
    button.setAttribute('aria-pressed', 'false');
    // What the button shows ("Show"), and its whole name for screen readers ("Show
    // password"): one message each, as word order differs between languages.
    var shown = document.createElement('span');
    shown.setAttribute('aria-hidden', 'true');
    shown.textContent = document.body.getAttribute('data-show') || 'Show';
    button.appendChild(shown);
    var name = document.createElement('span');
    name.className = 'visually-hidden';
    name.textContent = document.body.getAttribute('data-show-password') || 'Show password';
    button.appendChild(name);
    button.addEventListener('click', function () {
      var show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
    wrap.appendChild(button);
  }

  var passwords = document.querySelectorAll('input[type=password]');
  for (var p = 0; p < passwords.length; p++) {
    addRevealButton(passwords[p]);
  }

  function hideAll(root) {
    var shown = root.querySelectorAll('button.reveal[aria-pressed=true]');
    for (var i = 0; i < shown.length; i++) {
      hidePassword(shown[i]);
    }
  }

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
    hideAll(form);
    setBusy(form, true);
  });

  window.addEventListener('pageshow', function () {
    hideAll(document);
    var forms = document.querySelectorAll('form[aria-busy=true]');
    for (var i = 0; i < forms.length; i++) {
      setBusy(forms[i], false);
    }
  });
})();
