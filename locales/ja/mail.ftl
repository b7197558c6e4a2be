# The mails (src/mail/messages.rs, templates/mail/). Sent in the language of the request
# that caused them. Plain text: no markup. $name is the greeted person's name.

mail-hello = { $name }様
# Greets a person whose name is not known.
mail-hello-anonymous = こんにちは。
mail-link-fallback = リンクが機能しない場合は、次のアドレスをコピーしてブラウザに貼り付けてください：
mail-not-you = このリクエストに心当たりがない場合は、このメールを無視してください。何も変更されていません。
mail-not-you-reset = 心当たりがない場合は、ログインページの「パスワードをお忘れですか？」からすぐにパスワードを再設定し、管理者に連絡してください。

mail-reset-subject = パスワードの再設定
mail-reset-body = アカウントのパスワード再設定がリクエストされました（ご本人によるものと思われます）。下のリンクは{ $minutes }分間、1回だけ使用できます。再度リクエストすると、このリンクは無効になります。
mail-reset-hint = 保存されているパスワードのヒント：{ $hint }
mail-reset-link = 新しいパスワードを設定

mail-two-factor-subject = ログイン設定が変更されました
mail-two-factor-body = { $what }第2要素は、アカウントの「2要素認証」ページで確認できます。
mail-two-factor-app-added = アカウントに認証アプリが追加されました。
mail-two-factor-codes-renewed = アカウントの新しいリカバリーコードが作成されました。以前のコードは使用できなくなりました。
mail-two-factor-removed = アカウントから認証アプリとリカバリーコードが削除されました。
mail-two-factor-recovery-used = ログインにリカバリーコードが使用されました。
mail-two-factor-admin-reset = 管理者が、アカウントの第2要素（認証アプリ、リカバリーコード、パスキー）を削除しました。
mail-two-factor-admin-reset-cli = 管理者が、アカウントの第2要素（認証アプリとリカバリーコード）を削除しました。

mail-password-changed-subject = パスワードが変更されました
mail-password-changed-body = { $when }に、アカウントのパスワードが変更されました。他のセッションはすべてログアウトされました。

mail-passkey-added-subject = アカウントにパスキーが追加されました
mail-passkey-removed-subject = アカウントからパスキーが削除されました
mail-passkey-added-body = { $when }に、アカウントにパスキーが追加されました。
mail-passkey-added-named-body = { $when }に、アカウントにパスキー「{ $passkey }」が追加されました。
mail-passkey-removed-body = { $when }に、アカウントからパスキーが削除されました。
mail-passkey-removed-named-body = { $when }に、アカウントからパスキー「{ $passkey }」が削除されました。
mail-passkey-not-you = 心当たりがない場合は、すぐにパスワードを変更し、アカウントの2要素認証ページで見覚えのないパスキーを削除して、管理者に連絡してください。

mail-username-subject = ユーザー名のお知らせ
mail-username-body = このアドレスを使用しているアカウントのユーザー名：{ $username }

mail-code-subject = 確認コード
mail-code-body = { $purpose }には、このコードを入力してください。有効期間は{ $minutes }分で、1回だけ使用できます。
mail-code-never-share = このコードは、誰に求められても絶対に教えないでください。
# What the code is for ($purpose above).
mail-code-purpose-register = アカウントの作成を完了する
mail-code-purpose-email = 新しいメールアドレスを確認する

mail-email-changed-subject = メールアドレスが変更されました
mail-email-changed-body = アカウントのメールアドレスが{ $email }に変更されました。
mail-email-changed-other-body = アカウントのメールアドレスが別のアドレスに変更されました。
mail-email-changed-not-you = 心当たりがない場合は、直ちに管理者に連絡してください。

mail-already-registered-subject = アカウントはすでに登録されています
mail-already-registered-body = このメールアドレスでアカウントを作成しようとする操作がありましたが、このアドレスはすでに既存のアカウントで使用されています。
mail-already-registered-username = ユーザー名は{ $username }です。パスワードをお忘れの場合は、新しいパスワードを設定できます：
mail-already-registered-link = パスワードを再設定

mail-invitation-subject = アカウント作成のご招待
mail-invitation-body = 管理者の{ $by }から、このアドレスでアカウントを作成するよう招待が届きました。
mail-invitation-link-days = 下のリンクは{ $days }日間、1回だけ使用できます。リンク先でパスワードを設定してください。
mail-invitation-link = アカウントを作成
mail-invitation-not-expected = 心当たりがない場合は、このメールを無視してください。リンクを使用しない限り、アカウントは作成されません。
