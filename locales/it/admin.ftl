# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = Utenti
admin-search = Cerca
admin-search-help = Parte di un nome utente, di un nome o di un indirizzo email.
admin-role = Ruolo
admin-status = Stato
admin-status-any = Qualsiasi
admin-status-active = Attivo
admin-status-locked = Bloccato
admin-status-guest = Ospite
admin-status-second-factor = Con secondo fattore
admin-sort-by = Ordina per
admin-sort-username = Nome utente
admin-sort-name = Nome
admin-sort-email = Email
admin-order = Ordine
admin-order-asc = Dalla A alla Z
admin-order-desc = Dalla Z alla A
admin-count-none = Nessun utente trovato.
admin-count-empty-page = Nessun utente in questa pagina; { $total } in totale.
admin-count-range = Utenti { $first }–{ $last } di { $total }.
admin-table-caption = Tutti gli utenti, pagina { $page } di { $pages }
admin-col-username = Nome utente
admin-col-name = Nome
admin-col-email = Email
admin-col-roles = Ruoli
admin-col-status = Stato
admin-pages = Pagine
admin-previous-page = Pagina precedente
admin-next-page = Pagina successiva
admin-page-of = Pagina { $page } di { $pages }

## admin_sudo.html
admin-sudo-title = Confermi la sua identità
admin-sudo-lead-password = Prima di modificare gli utenti, digiti di nuovo la password. Potrà poi apportare modifiche per { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }.
admin-sudo-lead-code = Prima di modificare gli utenti, digiti di nuovo un codice del secondo fattore. Potrà poi apportare modifiche per { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }.
admin-open-until = Può apportare modifiche fino al { $time }.
admin-sudo-password = Password
admin-sudo-or-code = Oppure un codice dell'app di autenticazione
admin-sudo-code = Codice
admin-sudo-confirm = Conferma
admin-back-to-users = Torna agli utenti

## admin_user.html
admin-user-title = { $username } · Utenti
admin-user-locked-until = Bloccato fino al { $time }
admin-user-active = Attivo
admin-user-sign-in = Accesso
admin-user-guest = Ospite (tramite un provider di identità)
admin-user-password = Password
admin-user-ask-first = Le verrà chiesta la password prima della prima modifica.
admin-details-title = Dati
admin-first-name = Nome
admin-last-name = Cognome
admin-email = Email
admin-save-details = Salva dati
admin-roles-title = Ruoli
admin-roles-help = Separati da virgole.
admin-save-roles = Salva ruoli
admin-access-title = Accesso
admin-unlock = Sblocca
admin-lock-until = Blocca fino al (UTC)
admin-lock-help = L'utente viene disconnesso ovunque e non può accedere fino ad allora.
admin-lock = Blocca
admin-send-reset = Invia link di reimpostazione
admin-log-out-everywhere = Disconnetti ovunque
admin-reset-second-factors = Reimposta secondi fattori
admin-delete-title = Elimina utente
admin-delete-confirm = Per confermare, digiti il nome utente
admin-delete-help = L'eliminazione di { $username } non può essere annullata.
admin-delete-button = Elimina utente

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = Utente disconnesso ovunque ({ $count ->
    [one] { $count } sessione
   *[other] { $count } sessioni
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = attivo
admin-row-locked-until = bloccato fino al { $time }
admin-row-guest = ospite
admin-row-second-factor = secondo fattore

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = Inviti
admin-pre-authorized-link = Indirizzi email preautorizzati
admin-invitations-title = Inviti
admin-invitations-lead = La persona invitata riceve un link che funziona una sola volta, per { $days ->
    [one] { $days } giorno
   *[other] { $days } giorni
}, dove sceglie la password (e il nome utente, se non lo indica qui). Funziona anche quando le registrazioni sono chiuse.
admin-invitations-username = Nome utente (facoltativo)
admin-invitations-username-help = Lasci vuoto per farlo scegliere alla persona invitata.
admin-invitations-send = Invia invito
admin-invitations-pending = Inviti in sospeso
admin-invitations-none = Nessun invito in sospeso.
admin-invitations-col-sent-by = Inviato da
admin-invitations-col-expires = Scadenza
admin-invitations-col-action = Azione
admin-invitations-chosen-by-them = lo sceglie la persona invitata
admin-invitations-revoke = Revoca
admin-invitations-revoke-label = Revoca l'invito a { $email }
admin-pre-title = Indirizzi email preautorizzati
admin-pre-closed-html = Le registrazioni sono chiuse (<code>register.enabled: false</code>): finché non vengono riaperte, questa lista non consente a nessuno di registrarsi. Usi invece un invito.
admin-pre-no-list-html = Non c'è nessuna lista: finché le registrazioni sono aperte, chiunque può registrarsi (nei limiti di <code>register.domains</code>). Aggiungendo un indirizzo email si crea una lista e da quel momento possono registrarsi solo gli indirizzi che vi compaiono.
admin-pre-list-lead = Solo questi indirizzi email possono registrarsi; ciascuno viene tolto dalla lista al momento della registrazione. Una lista vuota non consente a nessuno di registrarsi.
admin-pre-add = Aggiungi
admin-pre-on-list = Nella lista
admin-pre-empty = La lista è vuota: nessuno può registrarsi.
admin-pre-remove = Rimuovi
admin-pre-remove-label = Rimuovi { $email }
admin-pre-none = Nessuna lista.

## Audit log page
admin-audit-link = Registro di audit
admin-audit-title = Registro di audit
admin-audit-off-html = Il registro di audit non è un file che questo server può rileggere (<code>audit_log</code> è disattivato o è <code>stdout</code>), quindi qui non c'è nulla da mostrare. Imposti <code>audit_log</code> sul percorso di un file per vedere gli eventi in questa pagina.
admin-audit-user = Utente
admin-audit-user-help = Eventi eseguiti da questo nome utente o che lo riguardano.
admin-audit-event = Evento
admin-audit-filter = Filtra
admin-audit-none = Nessun evento trovato.
admin-audit-none-here = Nessun evento trovato in questa parte del registro.
admin-audit-count = { $count ->
    [one] { $count } evento, dal più recente.
   *[other] { $count } eventi, dal più recente.
}
admin-audit-count-older = { $count ->
    [one] { $count } evento, dal più recente, anteriore a quelli della pagina precedente.
   *[other] { $count } eventi, dal più recente, anteriori a quelli della pagina precedente.
}
admin-audit-unreadable = { $count ->
    [one] È stata saltata { $count } riga illeggibile.
   *[other] Sono state saltate { $count } righe illeggibili.
}
admin-audit-caption = Eventi di audit, dal più recente
admin-audit-col-time = Ora (UTC)
admin-audit-col-by = Autore
admin-audit-col-address = Indirizzo IP
admin-audit-col-outcome = Esito
admin-audit-newest = Eventi più recenti
admin-audit-older = Eventi meno recenti
admin-audit-further = Cerca più indietro

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Ospite (tramite un provider di identità), con secondo fattore
admin-user-password-second-factor = Password e secondo fattore
