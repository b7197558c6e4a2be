# The mails (src/mail/messages.rs, templates/mail/). Plain text: no markup.
# $name is the greeted person's name.

mail-hello = Beste { $name },
# Greets a person whose name is not known.
mail-hello-anonymous = Hallo,
mail-link-fallback = Werkt de link niet? Kopieer dan dit adres naar uw browser:
mail-not-you = Hebt u hier niet om gevraagd? Dan kunt u dit bericht negeren: er is niets gewijzigd.
mail-not-you-reset = Was u dit niet? Stel dan nu een nieuw wachtwoord in via "Wachtwoord vergeten?" op de inlogpagina, en licht uw beheerder in.

mail-reset-subject = Stel uw wachtwoord opnieuw in
mail-reset-body = Iemand (hopelijk u) heeft gevraagd het wachtwoord van uw account opnieuw in te stellen. De link hieronder werkt één keer, { $minutes ->
    [one] { $minutes } minuut
   *[other] { $minutes } minuten
} lang; als u opnieuw een link aanvraagt, werkt deze niet meer.
mail-reset-hint = De wachtwoordhint die u hebt opgeslagen, is: { $hint }
mail-reset-link = Kies een nieuw wachtwoord

mail-two-factor-subject = Uw inloginstellingen zijn gewijzigd
mail-two-factor-body = { $what } U kunt uw tweede factoren bekijken op de pagina "Tweefactorauthenticatie" van uw account.
mail-two-factor-app-added = Er is een authenticator-app aan uw account toegevoegd.
mail-two-factor-codes-renewed = Er zijn nieuwe herstelcodes voor uw account gemaakt; de oude werken niet meer.
mail-two-factor-removed = De authenticator-app en de herstelcodes zijn van uw account verwijderd.
mail-two-factor-recovery-used = Er is met een herstelcode ingelogd.
mail-two-factor-admin-reset = Een beheerder heeft de tweede factoren van uw account verwijderd (authenticator-app, herstelcodes en toegangssleutels).
mail-two-factor-admin-reset-cli = Een beheerder heeft de tweede factoren van uw account verwijderd (authenticator-app en herstelcodes).

mail-password-changed-subject = Uw wachtwoord is gewijzigd
mail-password-changed-body = Het wachtwoord van uw account is gewijzigd op { $when }. Alle andere sessies zijn uitgelogd.

mail-passkey-added-subject = Er is een toegangssleutel aan uw account toegevoegd
mail-passkey-removed-subject = Er is een toegangssleutel van uw account verwijderd
mail-passkey-added-body = Er is op { $when } een toegangssleutel aan uw account toegevoegd.
mail-passkey-added-named-body = Er is op { $when } een toegangssleutel met de naam "{ $passkey }" aan uw account toegevoegd.
mail-passkey-removed-body = Er is op { $when } een toegangssleutel van uw account verwijderd.
mail-passkey-removed-named-body = Er is op { $when } een toegangssleutel met de naam "{ $passkey }" van uw account verwijderd.
mail-passkey-not-you = Was u dit niet? Wijzig dan nu uw wachtwoord, verwijder de toegangssleutels die u niet kent op de tweefactorpagina van uw account, en licht uw beheerder in.

mail-username-subject = Uw gebruikersnaam
mail-username-body = De gebruikersnaam van het account dat dit adres gebruikt, is: { $username }

mail-code-subject = Uw verificatiecode
mail-code-body = Voer deze code in om { $purpose }. De code is { $minutes ->
    [one] { $minutes } minuut
   *[other] { $minutes } minuten
} geldig en kan één keer worden gebruikt.
mail-code-never-share = Geef deze code nooit aan iemand die erom vraagt.
# What the code is for ($purpose above): completes "Voer deze code in om ...".
mail-code-purpose-register = het aanmaken van uw account af te ronden
mail-code-purpose-email = uw nieuwe e-mailadres te bevestigen

mail-email-changed-subject = Uw e-mailadres is gewijzigd
mail-email-changed-body = Het e-mailadres van uw account is gewijzigd in { $email }.
mail-email-changed-other-body = Het e-mailadres van uw account is gewijzigd in een ander adres.
mail-email-changed-not-you = Was u dit niet? Neem dan direct contact op met uw beheerder.

mail-already-registered-subject = U hebt al een account
mail-already-registered-body = Iemand heeft geprobeerd een account aan te maken met dit e-mailadres, maar het hoort al bij een account.
mail-already-registered-username = De gebruikersnaam is { $username }. Bent u het wachtwoord vergeten? Dan kunt u een nieuw wachtwoord kiezen:
mail-already-registered-link = Wachtwoord opnieuw instellen

mail-invitation-subject = U bent uitgenodigd om een account aan te maken
mail-invitation-body = Beheerder { $by } heeft u uitgenodigd om een account aan te maken voor dit adres.
mail-invitation-link-days = De link hieronder werkt één keer, { $days ->
    [one] { $days } dag
   *[other] { $days } dagen
} lang: kies daar uw wachtwoord.
mail-invitation-link = Maak uw account aan
mail-invitation-not-expected = Had u dit niet verwacht? Dan kunt u dit bericht negeren: zonder de link wordt er geen account aangemaakt.
