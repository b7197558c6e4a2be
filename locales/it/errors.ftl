# Messages about a form or a step: errors beside a field, notices after an action.

## Signing in
err-credentials = Nome utente o password non corretti
err-too-many-users = È stato raggiunto il numero massimo di utenti connessi. Riprovi più tardi.
err-already-signed-in = Questo account ha già effettuato l'accesso altrove. Esca prima da quella sessione oppure attenda che scada.
err-captcha-missing = Captcha non inserito
err-captcha-wrong = Captcha non corretto
err-captcha-address = L'indirizzo di questo captcha non è valido. Ricarichi la pagina.
err-session-expired-submit = La sessione è scaduta; invii di nuovo il modulo.
err-session-expired-login = La sessione è scaduta; acceda di nuovo.
err-role-required = Il suo account non ha il ruolo richiesto da questa pagina.

## Second factor
err-2fa-wrong-code = Il codice non è valido. Inserisca il codice attuale dell'app di autenticazione o un codice di recupero non ancora usato.
err-2fa-locked = Troppi tentativi non riusciti. Riprovi più tardi.
err-2fa-expired = L'accesso è scaduto. Acceda di nuovo.
err-2fa-already-enabled = Un'app di autenticazione è già attiva.
err-2fa-not-enabled = Nessuna app di autenticazione è attiva.
err-2fa-wrong-password = La password attuale non è corretta.
err-2fa-not-recovery-code = Questo non è uno dei suoi codici di recupero non ancora usati.
notice-2fa-recovery-used = Ha effettuato l'accesso con un codice di recupero. { $left ->
    [0] Non le rimane nessun codice di recupero.
    [one] Le rimane { $left } codice di recupero.
   *[other] Le rimangono { $left } codici di recupero.
}
notice-2fa-app-added = Al suo account è stata aggiunta un'app di autenticazione.
notice-2fa-new-codes = Sono stati generati nuovi codici di recupero per il suo account; quelli precedenti non sono più validi.
notice-2fa-removed = L'app di autenticazione e i codici di recupero sono stati rimossi dal suo account.

## Passkeys
err-passkey-unavailable = Le passkey non sono disponibili su questo server.
err-passkey-expired = La richiesta della passkey è scaduta o è già stata usata. Riprovi.
err-passkey-refused = La passkey non è stata accettata.
err-passkey-taken = Questa passkey è già registrata.
err-passkey-too-many = Ha già il numero massimo di passkey consentito per un account ({ $max }).
err-passkey-name = Assegni alla passkey un nome di { $max ->
    [one] { $max } carattere
   *[other] { $max } caratteri
} al massimo.
err-passkey-not-removed = La passkey non è stata rimossa: { $reason }. È il suo ultimo secondo fattore, quindi serve la password.
notice-passkey-added = La passkey è stata aggiunta.
notice-passkey-removed = La passkey è stata rimossa.
notice-passkey-already-removed = Quella passkey era già stata rimossa.

## Names, addresses, passwords
err-username-taken = Nome utente già in uso
err-username-invalid = Nome utente non valido: usi da 1 a 20 lettere, cifre, "_" o "-", oppure un indirizzo email
err-username-invalid-long = Nome utente non valido: usi da 1 a 64 lettere, cifre, "_", "-", ".", oppure un indirizzo email
err-username-not-email = Un nome utente che è un indirizzo email deve corrispondere al suo indirizzo email (quello indicato in Email)
err-email-as-username = Questo indirizzo email non può essere usato come nome utente
err-email-invalid = Indirizzo email non valido
err-email-look-alike = L'indirizzo email contiene caratteri che sembrano soltanto normali (lettere a larghezza intera, legature, simboli); lo digiti con caratteri normali
err-email-taken = Indirizzo email già in uso
err-email-required = L'indirizzo email è obbligatorio
err-email-domain = Il dominio di questo indirizzo email non è autorizzato alla registrazione
err-email-guest = Gli account ospite ricevono l'indirizzo email dal loro provider
err-first-name = Nome non valido
err-last-name = Cognome non valido
err-registration-closed = Le registrazioni sono chiuse
err-not-pre-authorized = Utente non preautorizzato alla registrazione
err-password-empty-fields = I campi Password e Ripeti password non possono essere vuoti
err-passwords-differ = Le password non corrispondono
err-password-hint = Il promemoria della password deve essere testo semplice
err-no-new-password = Nessuna nuova password indicata
err-password-incorrect = Password non corretta
err-guest-no-password = Un utente ospite non può reimpostare la password
err-password-same = La nuova password e quella attuale coincidono
err-password-changed-elsewhere = Nel frattempo la password è stata modificata altrove; acceda di nuovo
err-values-same = I nuovi valori e quelli attuali coincidono
err-password-empty = La password non può essere vuota
err-password-too-long = Password troppo lunga (al massimo { $max ->
    [one] { $max } carattere
   *[other] { $max } caratteri
})
err-password-too-short = La password deve contenere almeno { $min ->
    [one] { $min } carattere
   *[other] { $min } caratteri
}
err-password-control = La password non può contenere caratteri di controllo
err-password-lowercase = La password deve contenere una lettera minuscola
err-password-uppercase = La password deve contenere una lettera maiuscola
err-password-digit = La password deve contenere una cifra
err-password-symbol = La password deve contenere un simbolo
err-password-common = Questa password è troppo comune; ne scelga una più difficile da indovinare
err-password-own = La password non può essere il suo nome utente o il suo indirizzo email
err-username-missing = Nome utente non indicato
err-email-missing = Indirizzo email non indicato
err-rule-username = Questo nome utente non è consentito qui
err-rule-name = Questo nome non è consentito qui
err-rule-email-domain = Questo dominio email non è consentito qui

## The password rules listed under a new password field
rule-min-length = Almeno { $min ->
    [one] { $min } carattere
   *[other] { $min } caratteri
}; le frasi lunghe sono benvenute
rule-lowercase = Almeno una lettera minuscola
rule-uppercase = Almeno una lettera maiuscola
rule-digit = Almeno una cifra
rule-symbol = Almeno un simbolo, ad esempio !@#$%
rule-not-common = Non una password di uso comune, né il suo nome utente o indirizzo email

## Codes sent by mail
err-code-wrong = Codice non corretto. { $left ->
    [0] Non le rimangono tentativi.
    [one] Le rimane { $left } tentativo.
   *[other] Le rimangono { $left } tentativi.
}
err-code-wait = Attenda un minuto prima di richiedere un nuovo codice.
err-code-send = Non è stato possibile inviare il codice. Riprovi tra poco.
notice-code-resent = Abbiamo inviato un nuovo codice.
err-register-send = Non è stato possibile inviare il codice a questo indirizzo. Lo controlli o riprovi tra poco.
err-register-code-invalid = Questo codice non è valido. Ripeta la registrazione per riceverne uno nuovo.
err-register-code-expired = Questo codice è scaduto o è stato inserito in modo errato troppe volte. Ne richieda uno nuovo.
err-account-send = Non è stato possibile inviare un codice a questo indirizzo. Lo controlli o riprovi più tardi.
err-account-code-expired = Il codice è scaduto o è stato inserito in modo errato troppe volte. L'indirizzo email non è stato modificato; riprovi.

## Notices after an action
notice-signed-out = Disconnessione effettuata.
notice-signed-out-everywhere = Disconnessione effettuata su tutti i dispositivi.
notice-password-reset = La password è stata modificata. Acceda con la nuova password.
notice-password-changed = La password è stata modificata. Le altre sessioni sono state chiuse.
notice-password-changed-short = La password è stata modificata.
notice-account-ready = Il suo account è pronto. Acceda per continuare.
notice-email-confirmed = L'indirizzo email è confermato e il suo account è pronto. Acceda per continuare.
notice-details-updated = I suoi dati sono stati aggiornati.
notice-email-changed = L'indirizzo email è stato modificato.
notice-session-ended = La sessione è stata chiusa.
notice-session-already-ended = La sessione era già terminata.
notice-no-other-sessions = Non aveva altre sessioni aperte.
notice-other-sessions-ended = { $count ->
    [one] È stata chiusa { $count } altra sessione.
   *[other] Sono state chiuse { $count } altre sessioni.
}
notice-one-other-session-ended = È stata chiusa 1 altra sessione.
notice-account-deleted = Il suo account è stato eliminato, insieme a tutto ciò che questo server conservava su di esso.

## Deleting one's account
err-delete-confirm = Per confermare, digiti il nome utente esattamente come mostrato
err-only-admin = Non ci sono altri amministratori: assegni prima il ruolo di amministratore a un altro utente

## The admin console
err-admin-stale = Questo utente è stato modificato da qualcun altro dopo l'apertura della pagina. Controlli i valori attuali e riprovi.
err-admin-sudo-needed = Inserisca la password (o un codice dell'app di autenticazione)
err-admin-changed-meanwhile = Nel frattempo l'utente è stato modificato; non è stato inviato alcun link. Riprovi.
err-admin-max-roles = Al massimo { $max ->
    [one] { $max } ruolo
   *[other] { $max } ruoli
}
err-admin-own-admin-role = Non può rimuovere il proprio ruolo di amministratore: lo chieda a un altro amministratore
err-admin-last-admin = Questo è l'ultimo amministratore: assegni prima un ruolo di amministratore a qualcun altro
err-admin-lock-self = Non può bloccare il proprio account
err-admin-future = Scelga una data e un'ora future
err-admin-ten-years = Scelga una data entro dieci anni
err-admin-no-reset = Questo utente non ha una password o un indirizzo email: non è possibile inviare un link di reimpostazione
err-admin-delete-self = Non può eliminare qui il proprio account
err-admin-confirm = Per confermare, digiti esattamente il nome utente
err-admin-date = Inserisca data e ora (UTC)
notice-admin-details = I dati sono stati salvati.
notice-admin-roles = I ruoli sono stati salvati.
notice-admin-unlocked = L'utente è stato sbloccato.
notice-admin-no-second-factor = Questo utente non ha un secondo fattore.
notice-admin-second-factors-removed = I secondi fattori sono stati rimossi.
notice-admin-reset-sent = È in corso l'invio di un link per reimpostare la password all'indirizzo email dell'utente.

## Error pages (src/web)
err-page-form-unreadable = Non è stato possibile leggere il modulo. Torni indietro, ricarichi la pagina e riprovi.
err-page-not-found = A questo indirizzo non c'è nessuna pagina.
err-page-method = Questo indirizzo non accetta questo tipo di richiesta.
err-page-too-large = La richiesta era troppo grande.
err-page-not-form = La richiesta non è stata inviata come modulo.
err-page-server = Si è verificato un problema da parte nostra. Riprovi.
err-page-unhandled = Non è stato possibile gestire la richiesta.
err-page-form-too-large = Il modulo era troppo grande.
err-page-rate-limited = Troppi tentativi dal suo indirizzo. Attenda { $seconds ->
    [one] { $seconds } secondo
   *[other] { $seconds } secondi
} e riprovi.
err-page-unavailable = Il servizio è momentaneamente non disponibile. Riprovi tra qualche secondo.
err-page-forbidden = Non ha l'autorizzazione per visualizzare questa pagina.
err-page-csrf = Questo modulo è stato inviato da un altro sito oppure è scaduto. Torni indietro, ricarichi la pagina e riprovi.
err-page-read-only = Al momento il servizio non può accettare modifiche. Riprovi tra poco.
err-page-too-slow = La richiesta ha impiegato troppo tempo ad arrivare. Riprovi.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = Questo provider di accesso non esiste.
err-oauth-cancelled = L'accesso con { $provider } è stato annullato. Può riprovare o accedere con la password.
err-oauth-provider = { $provider } non è riuscito a farla accedere. Riprovi più tardi.
err-oauth-state = Questo accesso con { $provider } non è valido, è già stato usato o è scaduto. Ricominci dalla pagina di accesso.
err-oauth-unreachable = Al momento { $provider } non è raggiungibile. Riprovi più tardi o acceda con la password.
err-oauth-token-endpoint = { $provider } non ha completato l'accesso. Ricominci.
err-oauth-token = Non è stato possibile verificare la risposta di { $provider }, quindi l'accesso non è avvenuto. Ricominci.
err-oauth-unverified = Per i nuovi account serve un indirizzo email verificato da { $provider }. Lo verifichi lì, poi riprovi.
err-oauth-no-account = Non esiste un account per questa identità { $provider } e non è possibile crearne uno qui. Chieda l'accesso all'amministratore.
err-oauth-password-account = Esiste già un account con questo indirizzo email. Acceda con la password.
err-oauth-no-username = Non è stato possibile creare un account per questa identità. Contatti l'amministratore.
err-oauth-unavailable = Al momento il servizio non può accettare accessi. Riprovi tra poco.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = La richiesta indica la propria applicazione due volte.
err-oidc-unknown-client = L'applicazione che l'ha indirizzata qui non è registrata presso questo servizio di accesso.
err-oidc-redirect = L'applicazione l'ha indirizzata qui con un indirizzo di ritorno che non ha registrato.
err-oidc-id-token = L'applicazione ha inviato un ID token non emesso da questo servizio.
err-oidc-two-clients = L'applicazione ha indicato due client diversi.
err-oidc-return = L'applicazione ha chiesto di tornare a un indirizzo che non ha registrato.
err-oidc-invalid = La richiesta di accesso non è valida.
notice-admin-locked = L'account di { $name } è bloccato fino al { $time } ed è stato disconnesso ovunque.

## Invitations and pre-authorized emails
err-invite-username-email = Un nome utente che è un indirizzo email deve corrispondere all'indirizzo invitato
err-invite-has-account = Questo indirizzo email ha già un account ({ $username }): l'invito non serve
err-invite-email-is-username = Questo indirizzo email è il nome utente di un account esistente
err-invite-account-exists = Esiste già un account con questo indirizzo email: acceda oppure usi "Password dimenticata?"
err-invite-username-taken-used = Nome utente già in uso; questo link ormai è stato usato: chieda un nuovo invito
err-no-password = Password non indicata
err-pre-on-list = Questo indirizzo email è già nella lista
notice-pre-not-on-list = Questo indirizzo email non era nella lista.
err-invite-mail-failed = Non è stato possibile inviare l'email di invito, quindi non c'è alcun invito in sospeso. Controlli le impostazioni email e riprovi.
notice-invite-sent = È in corso l'invio di un invito a { $email }.
notice-invite-revoked = L'invito a { $email } è stato revocato: il link dell'invito non funziona più.
notice-invite-not-pending = Questo invito non è più in sospeso (usato, revocato o scaduto).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Quel browser non era più memorizzato.
notice-browser-forgotten = Quel browser è stato dimenticato e disconnesso.
notice-this-browser-forgotten = Questo browser è stato dimenticato: la prossima volta le servirà la password.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = La passkey non è stata rimossa: la password non è corretta. È il suo ultimo secondo fattore, quindi serve la password.
