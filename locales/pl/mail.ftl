# The mails (src/mail/messages.rs, templates/mail/). Plain text: no markup.
# $name is the greeted person's name.

mail-hello = Dzień dobry, { $name }!
# Greets a person whose name is not known.
mail-hello-anonymous = Dzień dobry!
mail-link-fallback = Jeśli link nie działa, skopiuj ten adres do przeglądarki:
mail-not-you = Jeśli to nie była Twoja prośba, zignoruj tę wiadomość: nic nie zostało zmienione.
mail-not-you-reset = Jeśli to nie Ty, od razu zresetuj hasło za pomocą opcji „Nie pamiętasz hasła?” na stronie logowania i powiadom administratora.

mail-reset-subject = Resetowanie hasła
mail-reset-body = Ktoś (miejmy nadzieję, że Ty) poprosił o zresetowanie hasła do Twojego konta. Poniższy link działa jednorazowo przez { $minutes ->
    [one] { $minutes } minutę
    [few] { $minutes } minuty
    [many] { $minutes } minut
   *[other] { $minutes } minut
}; ponowna prośba o link go unieważnia.
mail-reset-hint = Zapisana podpowiedź do hasła: { $hint }
mail-reset-link = Ustaw nowe hasło

mail-two-factor-subject = Zmieniono ustawienia logowania
mail-two-factor-body = { $what } Drugie składniki możesz sprawdzić na stronie „Uwierzytelnianie dwuskładnikowe” w ustawieniach konta.
mail-two-factor-app-added = Do Twojego konta dodano aplikację uwierzytelniającą.
mail-two-factor-codes-renewed = Wygenerowano nowe kody odzyskiwania dla Twojego konta; stare już nie działają.
mail-two-factor-removed = Z Twojego konta usunięto aplikację uwierzytelniającą i kody odzyskiwania.
mail-two-factor-recovery-used = Do zalogowania użyto kodu odzyskiwania.
mail-two-factor-admin-reset = Administrator usunął drugie składniki Twojego konta (aplikację uwierzytelniającą, kody odzyskiwania i klucze dostępu).
mail-two-factor-admin-reset-cli = Administrator usunął drugie składniki Twojego konta (aplikację uwierzytelniającą i kody odzyskiwania).

mail-password-changed-subject = Hasło zostało zmienione
mail-password-changed-body = Hasło do Twojego konta zostało zmienione dnia { $when }. Wszystkie pozostałe sesje zostały wylogowane.

mail-passkey-added-subject = Do konta dodano klucz dostępu
mail-passkey-removed-subject = Z konta usunięto klucz dostępu
mail-passkey-added-body = Dnia { $when } do Twojego konta dodano klucz dostępu.
mail-passkey-added-named-body = Dnia { $when } do Twojego konta dodano klucz dostępu o nazwie „{ $passkey }”.
mail-passkey-removed-body = Dnia { $when } z Twojego konta usunięto klucz dostępu.
mail-passkey-removed-named-body = Dnia { $when } z Twojego konta usunięto klucz dostępu o nazwie „{ $passkey }”.
mail-passkey-not-you = Jeśli to nie Ty, od razu zmień hasło, usuń nieznane klucze dostępu na stronie uwierzytelniania dwuskładnikowego w ustawieniach konta i powiadom administratora.

mail-username-subject = Twoja nazwa użytkownika
mail-username-body = Nazwa użytkownika konta, które używa tego adresu: { $username }

mail-code-subject = Twój kod weryfikacyjny
mail-code-body = Wpisz ten kod, aby { $purpose }. Kod jest ważny przez { $minutes ->
    [one] { $minutes } minutę
    [few] { $minutes } minuty
    [many] { $minutes } minut
   *[other] { $minutes } minut
} i można go użyć tylko raz.
mail-code-never-share = Nigdy nie podawaj tego kodu nikomu, kto o niego prosi.
# What the code is for ($purpose above): completes "Wpisz ten kod, aby ...".
mail-code-purpose-register = dokończyć zakładanie konta
mail-code-purpose-email = potwierdzić nowy adres e-mail

mail-email-changed-subject = Adres e-mail został zmieniony
mail-email-changed-body = Adres e-mail Twojego konta został zmieniony na { $email }.
mail-email-changed-other-body = Adres e-mail Twojego konta został zmieniony na inny.
mail-email-changed-not-you = Jeśli to nie Ty, natychmiast skontaktuj się z administratorem.

mail-already-registered-subject = Masz już konto
mail-already-registered-body = Ktoś próbował założyć konto z tym adresem e-mail, ale jest on już przypisany do konta.
mail-already-registered-username = Nazwa użytkownika tego konta to { $username }. Jeśli nie pamiętasz hasła, możesz ustawić nowe:
mail-already-registered-link = Zresetuj hasło

mail-invitation-subject = Zaproszenie do utworzenia konta
mail-invitation-body = Administrator { $by } zaprasza Cię do utworzenia konta dla tego adresu.
mail-invitation-link-days = Poniższy link działa jednorazowo przez { $days ->
    [one] { $days } dzień
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dni
}: ustawisz tam swoje hasło.
mail-invitation-link = Utwórz konto
mail-invitation-not-expected = Jeśli nie spodziewasz się tej wiadomości, zignoruj ją: bez linku żadne konto nie zostanie utworzone.
