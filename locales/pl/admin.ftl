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
admin-sudo-lead-password = Przed zmianą danych użytkowników wpisz ponownie hasło. Zmiany będą potem możliwe przez 10 minut.
admin-sudo-lead-code = Przed zmianą danych użytkowników wpisz ponownie kod drugiego składnika. Zmiany będą potem możliwe przez 10 minut.
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
admin-user-second-factor = , drugi składnik
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
