# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = Użytkownicy
admin-search = Szukaj
admin-search-help = Część nazwy użytkownika, imienia i nazwiska lub adresu e-mail.
admin-role = Rola
admin-status = Stan
admin-status-any = Dowolny
admin-status-active = Aktywny
admin-status-locked = Zablokowany
admin-status-guest = Gość
admin-status-second-factor = Z drugim składnikiem
admin-sort-by = Sortuj według
admin-sort-username = Nazwa użytkownika
admin-sort-name = Imię i nazwisko
admin-sort-email = E-mail
admin-order = Kolejność
admin-order-asc = Od A do Z
admin-order-desc = Od Z do A
admin-count-none = Nie znaleziono użytkowników.
admin-count-empty-page = Brak użytkowników na tej stronie; łącznie: { $total }.
admin-count-range = Użytkownicy { $first }–{ $last } z { $total }.
admin-table-caption = Wszyscy użytkownicy, strona { $page } z { $pages }
admin-col-username = Nazwa użytkownika
admin-col-name = Imię i nazwisko
admin-col-email = E-mail
admin-col-roles = Role
admin-col-status = Stan
admin-pages = Strony
admin-previous-page = Poprzednia strona
admin-next-page = Następna strona
admin-page-of = Strona { $page } z { $pages }

## admin_sudo.html
admin-sudo-title = Potwierdź tożsamość
admin-sudo-lead-password = Przed zmianą danych użytkowników wpisz ponownie hasło. Zmiany będą potem możliwe przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }.
admin-sudo-lead-code = Przed zmianą danych użytkowników wpisz ponownie kod drugiego składnika. Zmiany będą potem możliwe przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }.
admin-open-until = Zmiany są możliwe do { $time }.
admin-sudo-password = Hasło
admin-sudo-or-code = Albo kod z aplikacji uwierzytelniającej
admin-sudo-code = Kod
admin-sudo-confirm = Potwierdź
admin-back-to-users = Wróć do listy użytkowników

## admin_user.html
admin-user-title = { $username } · Użytkownicy
admin-user-locked-until = Zablokowany do { $time }
admin-user-active = Aktywny
admin-user-sign-in = Logowanie
admin-user-guest = Gość (przez dostawcę tożsamości)
admin-user-password = Hasło
admin-user-ask-first = Przed pierwszą zmianą pojawi się prośba o hasło.
admin-details-title = Dane
admin-first-name = Imię
admin-last-name = Nazwisko
admin-email = E-mail
admin-save-details = Zapisz dane
admin-roles-title = Role
admin-roles-help = Rozdzielone przecinkami.
admin-save-roles = Zapisz role
admin-access-title = Dostęp
admin-unlock = Odblokuj
admin-lock-until = Zablokuj do (UTC)
admin-lock-help = Użytkownik zostanie wylogowany ze wszystkich urządzeń i do tego czasu nie będzie mógł się zalogować.
admin-lock = Zablokuj
admin-send-reset = Wyślij link do resetu hasła
admin-log-out-everywhere = Wyloguj wszędzie
admin-reset-second-factors = Zresetuj drugie składniki
admin-delete-title = Usuń użytkownika
admin-delete-confirm = Wpisz nazwę użytkownika, aby potwierdzić
admin-delete-help = Usunięcia użytkownika { $username } nie można cofnąć.
admin-delete-button = Usuń użytkownika

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = Wylogowano wszędzie ({ $count ->
    [one] { $count } sesja
    [few] { $count } sesje
    [many] { $count } sesji
   *[other] { $count } sesji
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = aktywny
admin-row-locked-until = zablokowany do { $time }
admin-row-guest = gość
admin-row-second-factor = drugi składnik

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = Zaproszenia
admin-pre-authorized-link = Zatwierdzone adresy e-mail
admin-invitations-title = Zaproszenia
admin-invitations-lead = Zaproszona osoba otrzyma link działający jednorazowo przez { $days ->
    [one] { $days } dzień
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dni
}, pod którym ustawi hasło (i nazwę użytkownika, chyba że wybierzesz ją tutaj). Działa to także przy zamkniętej rejestracji.
admin-invitations-username = Nazwa użytkownika (opcjonalnie)
admin-invitations-username-help = Pozostaw puste, aby zaproszona osoba wybrała ją sama.
admin-invitations-send = Wyślij zaproszenie
admin-invitations-pending = Oczekujące zaproszenia
admin-invitations-none = Brak oczekujących zaproszeń.
admin-invitations-col-sent-by = Wysłane przez
admin-invitations-col-expires = Wygasa
admin-invitations-col-action = Akcja
admin-invitations-chosen-by-them = wybierze zaproszona osoba
admin-invitations-revoke = Cofnij
admin-invitations-revoke-label = Cofnij zaproszenie dla { $email }
admin-pre-title = Wstępnie zatwierdzone adresy e-mail
admin-pre-closed-html = Rejestracja jest zamknięta (<code>register.enabled: false</code>): dopóki nie zostanie otwarta, ta lista nikogo nie wpuszcza. Zamiast tego użyj zaproszenia.
admin-pre-no-list-html = Brak listy: gdy rejestracja jest otwarta, każdy może się zarejestrować (z zastrzeżeniem <code>register.domains</code>). Dodanie adresu e-mail tworzy listę i od tej chwili mogą się rejestrować tylko adresy z listy.
admin-pre-list-lead = Tylko te adresy e-mail mogą się zarejestrować; każdy adres jest usuwany z listy po rejestracji. Przy pustej liście nikt nie może się zarejestrować.
admin-pre-add = Dodaj
admin-pre-on-list = Na liście
admin-pre-empty = Lista jest pusta: nikt nie może się zarejestrować.
admin-pre-remove = Usuń
admin-pre-remove-label = Usuń { $email }
admin-pre-none = Brak listy.

## Audit log page
admin-audit-link = Dziennik audytu
admin-audit-title = Dziennik audytu
admin-audit-off-html = Dziennik audytu nie jest plikiem, który ten serwer może odczytać (<code>audit_log</code> jest wyłączony lub ustawiony na <code>stdout</code>), więc nie ma tu nic do pokazania. Ustaw w <code>audit_log</code> ścieżkę do pliku, aby widzieć zdarzenia na tej stronie.
admin-audit-user = Użytkownik
admin-audit-user-help = Zdarzenia wywołane przez tę nazwę użytkownika lub jej dotyczące.
admin-audit-event = Zdarzenie
admin-audit-filter = Filtruj
admin-audit-none = Nie znaleziono zdarzeń.
admin-audit-none-here = Nie znaleziono zdarzeń w tej części dziennika.
admin-audit-count = { $count ->
    [one] { $count } zdarzenie, od najnowszych.
    [few] { $count } zdarzenia, od najnowszych.
    [many] { $count } zdarzeń, od najnowszych.
   *[other] { $count } zdarzenia, od najnowszych.
}
admin-audit-count-older = { $count ->
    [one] { $count } zdarzenie starsze niż na poprzedniej stronie, od najnowszych.
    [few] { $count } zdarzenia starsze niż na poprzedniej stronie, od najnowszych.
    [many] { $count } zdarzeń starszych niż na poprzedniej stronie, od najnowszych.
   *[other] { $count } zdarzenia starszego niż na poprzedniej stronie, od najnowszych.
}
admin-audit-unreadable = { $count ->
    [one] Pominięto { $count } nieczytelny wiersz.
    [few] Pominięto { $count } nieczytelne wiersze.
    [many] Pominięto { $count } nieczytelnych wierszy.
   *[other] Pominięto { $count } nieczytelnego wiersza.
}
admin-audit-caption = Zdarzenia audytu, od najnowszych
admin-audit-col-time = Czas (UTC)
admin-audit-col-by = Wykonawca
admin-audit-col-address = Adres
admin-audit-col-outcome = Wynik
admin-audit-newest = Najnowsze zdarzenia
admin-audit-older = Starsze zdarzenia
admin-audit-further = Szukaj dalej wstecz

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Gość (przez dostawcę tożsamości), z drugim składnikiem
admin-user-password-second-factor = Hasło i drugi składnik
