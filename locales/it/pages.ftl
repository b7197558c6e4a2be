# The pages a visitor and a signed-in user see (templates/*.html except admin*).

## login.html
login-forgot-password-html = Ha dimenticato la password? <a href="/forgot-password">La reimposti via email</a>.
login-other-providers = Accedi con un altro account
login-or-sign-in-with = oppure acceda con
login-forgot-password = Password dimenticata?
login-forgot-username = Nome utente dimenticato?
login-new-here = Non ha ancora un account?
login-create-account = Crea un account

## logout.html
logout-question = Uscire da { $app } in questo browser?

## register.html
register-have-account = Ha già un account?

## forgot_password.html
forgot-password-sent = Se esiste un account corrispondente, abbiamo inviato un link al suo indirizzo email. Il link funziona una sola volta, per { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }.
forgot-password-no-mail-html = Nessuna email dopo qualche minuto? Controlli la cartella dello spam oppure <a href="/forgot-password">richieda un altro link</a>.
forgot-password-lead = Inserisca il nome utente o l'indirizzo email e le invieremo via email un link per scegliere una nuova password.

## forgot_username.html
forgot-username-sent = Se questo indirizzo è associato a un account, le abbiamo inviato via email il relativo nome utente.
forgot-username-no-mail-html = Nessuna email dopo qualche minuto? Controlli la cartella dello spam oppure <a href="/forgot-username">provi con un altro indirizzo</a>.
forgot-username-lead = Inserisca l'indirizzo email del suo account e le invieremo via email il nome utente. Può accedere anche con quell'indirizzo.

## reset_password.html
reset-password-for-html = Scelga una nuova password per <strong>{ $username }</strong>.
reset-password-invalid = Questo link non è valido o è scaduto. I link funzionano una sola volta, per { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }, e vale solo il più recente.
reset-password-ask-again = Richiedi un nuovo link

## code.html
code-sent-html = Abbiamo inviato un codice di 6 cifre a <strong>{ $destination }</strong>. È valido per { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }.

## home.html
home-title = Home
home-welcome = Le diamo il benvenuto, { $name }
home-username = Nome utente
home-email = Email
home-roles = Ruoli
home-roles-none = nessuno
home-change-password = Modifica password
home-account-details = Dati dell'account

## error.html, oauth_error.html
error-back-to-login = Torna alla pagina di accesso
oauth-error-title = L'accesso con { $provider } non è stato completato

## forbidden.html
forbidden-no-access = Il suo account non ha accesso a questa pagina.
forbidden-role-html = Questa pagina è riservata agli account con il ruolo <strong>{ $role }</strong>.
forbidden-roles-html = Questa pagina è riservata agli account con uno di questi ruoli: { $roles }.
forbidden-not-signed-in = Non ha effettuato l'accesso oppure la sessione è terminata.

## account.html
account-current-password-help = Necessaria solo per modificare l'indirizzo email; in quel caso invieremo un codice al nuovo indirizzo.
account-two-factor-title = Autenticazione a due fattori
account-two-factor-html = Richieda un codice da un'app di autenticazione dopo la password: <a href="/account/two-factor">configuri l'autenticazione a due fattori</a>.
account-sessions-title = Le sue sessioni
account-sessions-lead = I dispositivi su cui il suo account è attualmente connesso.
account-this-browser = Questo browser
account-session-facts = Indirizzo IP: { $address } · accesso: { $signedIn } · ultima attività: { $lastSeen }
account-session-unknown-address = sconosciuto
account-session-label = { $browser }, accesso del { $signedIn }
account-sign-out = Esci
account-sign-out-others = Esci da tutte le altre sessioni
account-log-out-everywhere-lead = Ha effettuato l'accesso da un computer che non usa più? Chiuda tutte le sessioni del suo account, qui e su ogni altro dispositivo.
account-log-out-everywhere = Esci ovunque
account-data-title = I suoi dati
account-data-lead = Scarichi in un file JSON tutto ciò che questo server conserva sul suo account: i suoi dati, i secondi fattori (solo nomi e date), le sessioni e gli eventi recenti. Il file non contiene password, codici o cookie.
account-download-data = Scarica i miei dati
account-delete-link = Elimina il mio account

## account_delete.html
account-delete-title = Elimina il mio account
account-delete-lead-html = Verranno eliminati l'account <strong>{ $username }</strong> e tutto ciò che questo server conserva su di esso: i suoi dati, i secondi fattori e le passkey, i browser memorizzati e tutte le sessioni, su ogni dispositivo. L'operazione non può essere annullata.
account-delete-download-html = Prima può <a href="/account#data">scaricare i suoi dati</a>.
account-delete-current-password = Password attuale
account-delete-code = Codice dell'app di autenticazione o codice di recupero
account-delete-confirm = Per confermare, digiti il suo nome utente, { $username }
account-delete-button = Elimina il mio account
account-delete-keep = Mantieni il mio account

## two_factor.html
two-factor-codes-title = I suoi codici di recupero
two-factor-codes-lead = Li conservi in un luogo sicuro: ciascuno consente di accedere una volta quando non può usare l'app di autenticazione o la passkey. Vengono mostrati solo ora.
two-factor-app-title = App di autenticazione
two-factor-enabled-since-html = È attiva un'app di autenticazione (dal <time datetime="{ $datetime }">{ $since }</time>). All'accesso viene richiesto il suo codice dopo la password.
two-factor-recovery-left-html = Codici di recupero rimasti: <strong>{ $left }</strong> su { $total }.
two-factor-remove-title = Rimuovi l'app di autenticazione
two-factor-scan-html = Scansioni il codice QR con l'app di autenticazione (ad esempio Aegis, Google Authenticator, 1Password) oppure, su questo telefono, <a href="{ $uri }">apra il link nell'app di autenticazione</a>.
two-factor-qr-label = Codice QR del link per l'app di autenticazione
two-factor-key-by-hand = Oppure digiti manualmente questa chiave nell'app:
two-factor-code-help = Il codice di 6 cifre mostrato ora dall'app.
two-factor-recovery-title = Codici di recupero
two-factor-recovery-left-passkey-html = Codici di recupero rimasti: <strong>{ $left }</strong> su { $total }. Ciascuno consente di completare un accesso una volta quando non può usare una passkey.

## two_factor_login.html
two-factor-login-totp = Inserisca il codice di 6 cifre dell'app di autenticazione oppure uno dei suoi codici di recupero.
two-factor-login-totp-passkeys = Inserisca il codice di 6 cifre dell'app di autenticazione, usi una delle sue passkey oppure inserisca uno dei suoi codici di recupero.
two-factor-login-passkey = Usi una delle sue passkey per completare l'accesso.
two-factor-login-passkey-unsupported = Per usare una passkey servono JavaScript e un browser che supporti le passkey.
two-factor-login-no-passkey = Non ha una passkey a portata di mano?
two-factor-login-recovery-left = Inserisca invece uno dei suoi codici di recupero ({ $count ->
    [one] ne rimane { $count }
   *[other] ne rimangono { $count }
}).
two-factor-login-remember = Ricorda questo browser per { $days ->
    [one] { $days } giorno
   *[other] { $days } giorni
}

## passkeys.html
passkeys-title = Passkey
passkeys-lead = Una passkey consente di accedere con il blocco schermo del dispositivo o con una chiave di sicurezza anziché con una password, e funge da secondo fattore dopo la password.
passkeys-none = Non ha ancora nessuna passkey.
passkeys-added = Aggiunta il { $created } · ultimo utilizzo: { $lastUsed }
passkeys-never-used = mai
passkeys-current-password = Password attuale
passkeys-last-factor-help = Questo è il suo ultimo secondo fattore: per rimuoverlo serve la password.
passkeys-remove = Rimuovi
# Read by screen readers after "Rimuovi".
passkeys-remove-which = la passkey { $name }
passkeys-name = Nome della passkey
passkeys-name-help = Per distinguere le sue passkey, ad esempio "Portatile" o "Telefono".
passkeys-add = Aggiungi una passkey
passkeys-unsupported = Per aggiungere una passkey servono JavaScript e un browser che supporti le passkey.
passkeys-unavailable = Le passkey non sono disponibili su questo server.

## oidc_consent.html
oidc-consent-title = Autorizzare { $client }?
oidc-consent-lead-html = L'applicazione <strong>{ $client }</strong> chiede di poter usare il suo account { $app } per l'accesso.
oidc-consent-receive = Riceverà:
oidc-claim-profile = nome e nome utente
oidc-claim-email = indirizzo email
oidc-claim-groups = ruoli
oidc-claim-offline = accesso anche in sua assenza
oidc-consent-allow = Consenti
oidc-consent-deny = Rifiuta

## oidc_logout.html
oidc-logout-title = Esci
oidc-logout-any-html = Un'applicazione le chiede di uscire da { $app }.
oidc-logout-named-html = L'applicazione <strong>{ $client }</strong> le chiede di uscire da { $app }.
oidc-logout-button = Esci

## oidc_refused.html
oidc-refused-client-html = Il suo account non è autorizzato ad accedere all'applicazione <strong>{ $client }</strong>.
oidc-refused-role-html = È riservata agli account con il ruolo <strong>{ $role }</strong>.
oidc-refused-roles-html = È riservata agli account con uno di questi ruoli: { $roles }.

## invitation.html
invitation-title = Crei il suo account
invitation-lead-html = Ha ricevuto un invito per l'indirizzo email <strong>{ $email }</strong>. Questo link funziona una sola volta, fino al { $expires }.
invitation-your-username-html = Il suo nome utente: <strong>{ $username }</strong>
invitation-create = Crea account
invitation-invalid = Questo link di invito non è valido, è scaduto, è stato revocato o è già stato usato. Chieda un nuovo invito all'amministratore che gliel'ha inviato.

## Remembered browsers (account page)
account-browsers-title = Browser memorizzati
account-browsers-lead = Browser da cui accede senza password. Dimentichi quelli che non usa più: verranno disconnessi e la prossima volta le servirà la password.
account-browsers-none = Nessun browser memorizzato.
account-browser-forget = Dimentica
account-browser-facts = Memorizzato dal { $since } · ultimo utilizzo: { $lastUsed } · fino al { $until }
account-browser-label = { $browser }, memorizzato dal { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } su { $os }
account-device-unknown = Browser sconosciuto
account-device-unknown-on = Browser sconosciuto su { $os }
