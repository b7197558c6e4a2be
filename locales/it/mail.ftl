# The mails (src/mail/messages.rs, templates/mail/). Plain text: no markup.

mail-hello = Gentile { $name },
mail-hello-anonymous = Gentile utente,
mail-link-fallback = Se il link non funziona, copi questo indirizzo nel browser:
mail-not-you = Se non ha fatto lei questa richiesta, può ignorare questo messaggio: non è stato modificato nulla.
mail-not-you-reset = Se questa operazione non è stata eseguita da lei, reimposti subito la password con "Password dimenticata?" nella pagina di accesso e avvisi l'amministratore.

mail-reset-subject = Reimpostazione della password
mail-reset-body = Qualcuno (speriamo lei) ha chiesto di reimpostare la password del suo account. Il link seguente funziona una sola volta, per { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuti
}; una nuova richiesta lo rende non valido.
mail-reset-hint = Il promemoria della password che ha salvato è: { $hint }
mail-reset-link = Scelga una nuova password

mail-two-factor-subject = Le impostazioni di accesso sono cambiate
mail-two-factor-body = { $what } Può vedere i suoi secondi fattori nella pagina "Autenticazione a due fattori" del suo account.
mail-two-factor-app-added = Al suo account è stata aggiunta un'app di autenticazione.
mail-two-factor-codes-renewed = Sono stati generati nuovi codici di recupero per il suo account; quelli precedenti non sono più validi.
mail-two-factor-removed = L'app di autenticazione e i codici di recupero sono stati rimossi dal suo account.
mail-two-factor-recovery-used = È stato usato un codice di recupero per accedere.
mail-two-factor-admin-reset = Un amministratore ha rimosso i secondi fattori del suo account (app di autenticazione, codici di recupero e passkey).
mail-two-factor-admin-reset-cli = Un amministratore ha rimosso i secondi fattori del suo account (app di autenticazione e codici di recupero).

mail-password-changed-subject = La password è stata modificata
mail-password-changed-body = La password del suo account è stata modificata il { $when }. Tutte le altre sessioni sono state chiuse.

mail-passkey-added-subject = Al suo account è stata aggiunta una passkey
mail-passkey-removed-subject = Dal suo account è stata rimossa una passkey
mail-passkey-added-body = Il { $when } è stata aggiunta una passkey al suo account.
mail-passkey-added-named-body = Il { $when } è stata aggiunta al suo account una passkey denominata "{ $passkey }".
mail-passkey-removed-body = Il { $when } è stata rimossa una passkey dal suo account.
mail-passkey-removed-named-body = Il { $when } è stata rimossa dal suo account una passkey denominata "{ $passkey }".
mail-passkey-not-you = Se questa operazione non è stata eseguita da lei, modifichi subito la password, rimuova le passkey che non riconosce nella pagina dell'autenticazione a due fattori del suo account e avvisi l'amministratore.

mail-username-subject = Il suo nome utente
mail-username-body = Il nome utente dell'account che usa questo indirizzo è: { $username }

mail-code-subject = Il suo codice di verifica
mail-code-body = Inserisca questo codice per { $purpose }. È valido per { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuti
} e può essere usato una sola volta.
mail-code-never-share = Non comunichi mai questo codice a nessuno, anche se le viene richiesto.
mail-code-purpose-register = completare la creazione del suo account
mail-code-purpose-email = confermare il nuovo indirizzo email

mail-email-changed-subject = L'indirizzo email è stato modificato
mail-email-changed-body = L'indirizzo email del suo account è stato modificato in { $email }.
mail-email-changed-other-body = L'indirizzo email del suo account è stato sostituito con un altro indirizzo.
mail-email-changed-not-you = Se questa modifica non è stata eseguita da lei, contatti subito l'amministratore.

mail-already-registered-subject = Ha già un account
mail-already-registered-body = Qualcuno ha tentato di creare un account con questo indirizzo email, ma l'indirizzo appartiene già a un account.
mail-already-registered-username = Il nome utente è { $username }. Se ha dimenticato la password, può sceglierne una nuova:
mail-already-registered-link = Reimposti la password

mail-invitation-subject = Invito a creare un account
mail-invitation-body = L'amministratore { $by } la invita a creare un account per questo indirizzo.
mail-invitation-link-days = Il link seguente funziona una sola volta, per { $days ->
    [one] { $days } giorno
   *[other] { $days } giorni
}: lì potrà scegliere la password.
mail-invitation-link = Crei il suo account
mail-invitation-not-expected = Se non si aspettava questo messaggio, può ignorarlo: senza il link non viene creato alcun account.
