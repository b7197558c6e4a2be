// authgate — passkeys (WebAuthn) in the browser. Served from /static/passkeys.js on the
// pages that offer passkeys (the CSP allows script-src 'self' only: no inline script).
//
// A form marked data-passkey="register" | "sign-in" | "second-factor" is hidden until this
// script finds a browser that can use passkeys; it then shows it and, on submit:
//   1. posts the form (csrf_token and the rest, as an ordinary form) to its action, which
//      answers {ceremony, options} or {error};
//   2. asks the browser: navigator.credentials.create() or .get() with those options;
//   3. posts {csrf_token, ceremony, response: JSON of the credential, next} to the URL in
//      data-finish, which answers {redirect} or {error}; then goes to the redirect.
// On /login, where the browser offers it, the username field also lists passkeys in its
// autofill (conditional mediation), started when the page loads.
// Without this script (or without WebAuthn) the forms stay hidden and the pages work as
// before.
(function () {
  'use strict';

  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) {
      b64 += '=';
    }
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      out[i] = bin.charCodeAt(i);
    }
    return out.buffer;
  }

  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) {
      bin += String.fromCharCode(bytes[i]);
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      var copy = Object.assign({}, c);
      copy.id = toBytes(c.id);
      return copy;
    });
  }

  function creationOptions(o) {
    var pk = Object.assign({}, o.publicKey);
    pk.challenge = toBytes(pk.challenge);
    pk.user = Object.assign({}, pk.user, { id: toBytes(pk.user.id) });
    pk.excludeCredentials = withIds(pk.excludeCredentials);
    return { publicKey: pk };
  }

  function requestOptions(o) {
    var pk = Object.assign({}, o.publicKey);
    pk.challenge = toBytes(pk.challenge);
    pk.allowCredentials = withIds(pk.allowCredentials);
    return { publicKey: pk };
  }

  function extensions(cred) {
    try {
      return cred.getClientExtensionResults() || {};
    } catch (e) {
      return {};
    }
  }

  function registrationJson(cred) {
    return {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      extensions: extensions(cred),
      response: {
        attestationObject: toB64url(cred.response.attestationObject),
        clientDataJSON: toB64url(cred.response.clientDataJSON),
        transports: cred.response.getTransports ? cred.response.getTransports() : undefined
      }
    };
  }

  function assertionJson(cred) {
    var r = cred.response;
    return {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      extensions: extensions(cred),
      response: {
        authenticatorData: toB64url(r.authenticatorData),
        clientDataJSON: toB64url(r.clientDataJSON),
        signature: toB64url(r.signature),
        userHandle: r.userHandle ? toB64url(r.userHandle) : null
      }
    };
  }

  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (k) {
      if (fields[k] !== undefined && fields[k] !== null) {
        body.append(k, fields[k]);
      }
    });
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body
    }).then(function (res) {
      var type = res.headers.get('Content-Type') || '';
      if (type.indexOf('application/json') !== 0) {
        throw new Error(msg('server', 'The server could not answer just now. Please try again.'));
      }
      return res.json().then(function (data) {
        if (data.error) {
          throw new Error(data.error);
        }
        return data;
      });
    });
  }

  // The page's texts in its language: data-msg-* attributes of the passkey forms.
  function msg(name, fallback) {
    var holder = document.querySelector('form[data-msg-' + name + ']');
    return (holder && holder.getAttribute('data-msg-' + name)) || fallback;
  }

  function say(form, text) {
    var status = form.querySelector('.passkey-status');
    if (status) {
      status.textContent = text;
    }
  }

  function field(form, name) {
    var input = form.querySelector('[name="' + name + '"]');
    return input ? input.value : undefined;
  }

  // The conditional (autofill) request of /login, if one is waiting.
  var autofill = null;

  function ceremony(form, mediation) {
    var kind = form.getAttribute('data-passkey');
    var start = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name) {
        start[el.name] = el.value;
      }
    });
    return post(form.getAttribute('action'), start).then(function (started) {
      var ask;
      if (kind === 'register') {
        ask = navigator.credentials.create(creationOptions(started.options)).then(registrationJson);
      } else {
        var options = requestOptions(started.options);
        if (mediation) {
          autofill = new AbortController();
          options.mediation = mediation;
          options.signal = autofill.signal;
        }
        ask = navigator.credentials.get(options).then(assertionJson);
      }
      return ask.then(function (response) {
        return post(form.getAttribute('data-finish'), {
          csrf_token: field(form, 'csrf_token'),
          ceremony: started.ceremony,
          response: JSON.stringify(response),
          next: field(form, 'next')
        });
      });
    }).then(function (done) {
      window.location.assign(done.redirect);
    });
  }

  function failed(form, err) {
    if (err && err.name === 'AbortError') {
      return;
    }
    if (err && err.name === 'NotAllowedError') {
      say(form, msg('cancelled', 'The passkey request was cancelled or timed out. Please try again.'));
    } else if (err && err.name === 'InvalidStateError') {
      say(form, msg('taken', 'This passkey is already registered.'));
    } else {
      say(form, (err && err.message) || msg('refused', 'The passkey was not accepted.'));
    }
  }

  var forms = document.querySelectorAll('form[data-passkey]');
  Array.prototype.forEach.call(forms, function (form) {
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (form.getAttribute('aria-busy') === 'true') {
        return;
      }
      if (autofill) {
        autofill.abort();
        autofill = null;
      }
      form.setAttribute('aria-busy', 'true');
      say(form, msg('waiting', 'Waiting for your passkey…'));
      ceremony(form, null).catch(function (err) {
        failed(form, err);
      }).then(function () {
        form.removeAttribute('aria-busy');
      });
    });
  });
  var unsupported = document.querySelectorAll('[data-passkey-unsupported]');
  Array.prototype.forEach.call(unsupported, function (p) {
    p.hidden = true;
  });

  var signIn = document.querySelector('form[data-passkey="sign-in"]');
  if (signIn && PublicKeyCredential.isConditionalMediationAvailable) {
    PublicKeyCredential.isConditionalMediationAvailable().then(function (yes) {
      if (yes) {
        ceremony(signIn, 'conditional').catch(function (err) {
          failed(signIn, err);
        });
      }
    });
  }
})();
