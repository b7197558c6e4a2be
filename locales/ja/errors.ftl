# Messages about a form or a step: errors beside a field, notices after an action.
#
# In English these are found by their text: the rules (src/auth, src/domain) write
# English, and a page shows the message whose English text matches (variables match any
# value). So, in locales/en only: one line each, the text exactly as the Rust source has
# it. A text that matches no message (a deployment's own validator) is shown as it is.
# Other languages translate freely (selectors for plurals are welcome).

## Signing in
err-credentials = ユーザー名またはパスワードが正しくありません
err-too-many-users = ログイン中のユーザー数が上限に達しています。しばらくしてからもう一度お試しください。
err-already-signed-in = このアカウントは別の場所でログイン中です。そちらでログアウトするか、そのセッションがタイムアウトするまでお待ちください。
err-captcha-missing = 画像認証の文字が入力されていません
err-captcha-wrong = 画像認証の文字が正しくありません
err-captcha-address = この画像認証のアドレスは無効です。ページを再読み込みしてください。
err-session-expired-submit = セッションの有効期限が切れました。もう一度送信してください。
err-session-expired-login = セッションの有効期限が切れました。もう一度ログインしてください。
err-role-required = お使いのアカウントには、このページに必要なロールがありません。

## Second factor
err-2fa-wrong-code = このコードは無効です。認証アプリに現在表示されているコード、または未使用のリカバリーコードを入力してください。
err-2fa-locked = 失敗した回数が多すぎます。しばらくしてからもう一度お試しください。
err-2fa-expired = ログインの有効期限が切れました。もう一度ログインしてください。
err-2fa-already-enabled = 認証アプリはすでに有効です。
err-2fa-not-enabled = 有効な認証アプリはありません。
err-2fa-wrong-password = 現在のパスワードが正しくありません。
err-2fa-not-recovery-code = 未使用のリカバリーコードではありません。
notice-2fa-recovery-used = リカバリーコードでログインしました。残りのリカバリーコードは{ $left }個です。
notice-2fa-app-added = アカウントに認証アプリを追加しました。
notice-2fa-new-codes = アカウントの新しいリカバリーコードを作成しました。以前のコードは使用できなくなりました。
notice-2fa-removed = アカウントから認証アプリとリカバリーコードを削除しました。

## Passkeys
err-passkey-unavailable = このサーバーではパスキーを使用できません。
err-passkey-expired = パスキーのリクエストの有効期限が切れたか、すでに使用されています。もう一度お試しください。
err-passkey-refused = パスキーが受け付けられませんでした。
err-passkey-taken = このパスキーはすでに登録されています。
err-passkey-too-many = 1つのアカウントに登録できるパスキーの上限（{ $max }個）に達しています。
err-passkey-name = パスキーの名前は{ $max }文字以内で入力してください。
err-passkey-not-removed = パスキーは削除されませんでした：{ $reason }。これは最後の第2要素のため、パスワードが必要です。
notice-passkey-added = パスキーを追加しました。
notice-passkey-removed = パスキーを削除しました。
notice-passkey-already-removed = このパスキーはすでに削除されています。

## Names, addresses, passwords
err-username-taken = このユーザー名はすでに使用されています
err-username-invalid = ユーザー名が無効です。1～20文字の英字、数字、「_」、「-」を使用するか、メールアドレスを入力してください
err-username-invalid-long = ユーザー名が無効です。1～64文字の英字、数字、「_」、「-」、「.」を使用するか、メールアドレスを入力してください
err-username-not-email = メールアドレスをユーザー名にする場合は、ご自身のメールアドレス（「メールアドレス」欄のもの）にしてください
err-email-as-username = このメールアドレスはユーザー名として使用できません
err-email-invalid = メールアドレスが無効です
err-email-look-alike = メールアドレスに、通常の文字に似た別の文字（全角文字、合字、記号）が含まれています。通常の半角文字で入力してください
err-email-taken = このメールアドレスはすでに使用されています
err-email-required = メールアドレスは必須です
err-email-domain = このメールアドレスのドメインでは登録できません
err-email-guest = ゲストアカウントのメールアドレスは、ログインに使用したサービスから取得されます
err-first-name = 名が無効です
err-last-name = 姓が無効です
err-registration-closed = 現在、新規登録は受け付けていません
err-not-pre-authorized = このユーザーは登録を事前承認されていません
err-password-empty-fields = パスワードとパスワード（確認）は空にできません
err-passwords-differ = パスワードが一致しません
err-password-hint = パスワードのヒントはプレーンテキストで入力してください
err-no-new-password = 新しいパスワードが入力されていません
err-password-incorrect = パスワードが正しくありません
err-guest-no-password = ゲストユーザーはパスワードを再設定できません
err-password-same = 新しいパスワードが現在のパスワードと同じです
err-password-changed-elsewhere = その間に別の場所でパスワードが変更されました。もう一度ログインしてください
err-values-same = 新しい値が現在の値と同じです
err-password-empty = パスワードを入力してください
err-password-too-long = パスワードが長すぎます（{ $max }文字以内）
err-password-too-short = パスワードは{ $min }文字以上にしてください
err-password-control = パスワードに制御文字は使用できません
err-password-lowercase = パスワードには小文字を含めてください
err-password-uppercase = パスワードには大文字を含めてください
err-password-digit = パスワードには数字を含めてください
err-password-symbol = パスワードには記号を含めてください
err-password-common = このパスワードはよく使われています。推測されにくいパスワードを選んでください
err-password-own = パスワードにユーザー名やメールアドレスは使用できません
err-username-missing = ユーザー名が入力されていません
err-email-missing = メールアドレスが入力されていません
err-rule-username = このユーザー名はここでは使用できません
err-rule-name = この名前はここでは使用できません
err-rule-email-domain = このメールアドレスのドメインはここでは使用できません

## The password rules listed under a new password field
rule-min-length = { $min }文字以上（長いパスフレーズも歓迎します）
rule-lowercase = 小文字を1文字以上
rule-uppercase = 大文字を1文字以上
rule-digit = 数字を1文字以上
rule-symbol = 記号（!@#$%など）を1文字以上
rule-not-common = よく使われるパスワードや、ユーザー名、メールアドレスではないこと

## Codes sent by mail
err-code-wrong = コードが正しくありません。あと{ $left }回入力できます。
err-code-wait = 新しいコードをリクエストするまで1分お待ちください。
err-code-send = コードを送信できませんでした。しばらくしてからもう一度お試しください。
notice-code-resent = 新しいコードを送信しました。
err-register-send = このアドレスにコードを送信できませんでした。アドレスを確認するか、しばらくしてからもう一度お試しください。
err-register-code-invalid = このコードは無効です。新しいコードを受け取るには、もう一度登録してください。
err-register-code-expired = このコードは有効期限が切れたか、入力の誤りが多すぎます。新しいコードを送信してください。
err-account-send = このアドレスにコードを送信できませんでした。アドレスを確認するか、後でもう一度お試しください。
err-account-code-expired = このコードは有効期限が切れたか、入力の誤りが多すぎます。メールアドレスは変更されていません。もう一度お試しください。

## Notices after an action
notice-signed-out = ログアウトしました。
notice-signed-out-everywhere = すべてのデバイスからログアウトしました。
notice-password-reset = パスワードを変更しました。新しいパスワードでログインしてください。
notice-password-changed = パスワードを変更しました。他のセッションはログアウトされました。
notice-password-changed-short = パスワードを変更しました。
notice-account-ready = アカウントの準備ができました。ログインして続行してください。
notice-email-confirmed = メールアドレスが確認され、アカウントの準備ができました。ログインして続行してください。
notice-details-updated = 登録情報を更新しました。
notice-email-changed = メールアドレスを変更しました。
notice-session-ended = そのセッションをログアウトしました。
notice-session-already-ended = そのセッションはすでに終了しています。
notice-no-other-sessions = 他の場所ではログインしていませんでした。
notice-other-sessions-ended = 他の{ $count }件のセッションをログアウトしました。
notice-one-other-session-ended = 他の1件のセッションをログアウトしました。
notice-account-deleted = アカウントと、このサーバーがアカウントについて保存していたすべての情報を削除しました。

## Deleting one's account
err-delete-confirm = 確認のため、ユーザー名を表示どおりに正確に入力してください
err-only-admin = 管理者はあなただけです。先に別のユーザーに管理者ロールを付与してください

## The admin console
err-admin-stale = ページを開いた後に、このユーザーは他の人によって変更されました。現在の値を確認して、もう一度お試しください。
err-admin-sudo-needed = パスワード（または認証アプリのコード）を入力してください
err-admin-changed-meanwhile = その間にユーザーが変更されたため、リンクは送信されませんでした。もう一度お試しください。
err-admin-max-roles = ロールは{ $max }個までです
err-admin-own-admin-role = 自分の管理者ロールは削除できません。他の管理者に依頼してください
err-admin-last-admin = 最後の管理者です。先に他のユーザーに管理者ロールを付与してください
err-admin-lock-self = 自分自身をロックすることはできません
err-admin-future = 未来の日時を選択してください
err-admin-ten-years = 10年以内の日時を選択してください
err-admin-no-reset = このユーザーにはパスワードまたはメールアドレスがないため、再設定リンクを送信できません
err-admin-delete-self = ここでは自分のアカウントを削除できません
err-admin-confirm = 確認のため、ユーザー名を正確に入力してください
err-admin-date = 日時（UTC）を入力してください
notice-admin-details = ユーザー情報を保存しました。
notice-admin-roles = ロールを保存しました。
notice-admin-unlocked = ユーザーのロックを解除しました。
notice-admin-no-second-factor = このユーザーには第2要素がありません。
notice-admin-second-factors-removed = 第2要素を削除しました。
notice-admin-reset-sent = パスワード再設定リンクをユーザーのメールアドレスに送信しました。

## Error pages (src/web)
err-page-form-unreadable = フォームを読み取れませんでした。前のページに戻り、ページを再読み込みしてもう一度お試しください。
err-page-not-found = このアドレスにはページがありません。
err-page-method = このアドレスでは、この種類のリクエストは受け付けていません。
err-page-too-large = リクエストが大きすぎます。
err-page-not-form = リクエストがフォームとして送信されませんでした。
err-page-server = サーバー側で問題が発生しました。もう一度お試しください。
err-page-unhandled = リクエストを処理できませんでした。
err-page-form-too-large = フォームが大きすぎます。
err-page-rate-limited = お使いのアドレスからの試行回数が多すぎます。{ $seconds }秒待ってから、もう一度お試しください。
err-page-unavailable = サービスが一時的に利用できません。数秒後にもう一度お試しください。
err-page-forbidden = このページを表示する権限がありません。
err-page-csrf = このフォームは別のサイトから送信されたか、有効期限が切れています。前のページに戻り、ページを再読み込みしてもう一度お試しください。
err-page-read-only = 現在、サービスは変更を受け付けられません。しばらくしてからもう一度お試しください。
err-page-too-slow = リクエストの到着に時間がかかりすぎました。もう一度お試しください。

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = そのようなログインプロバイダーはありません。
err-oauth-cancelled = { $provider }でのログインがキャンセルされました。もう一度お試しいただくか、パスワードでログインしてください。
err-oauth-provider = { $provider }でログインできませんでした。しばらくしてからもう一度お試しください。
err-oauth-state = この{ $provider }でのログインは無効か、すでに使用されたか、有効期限が切れています。ログインページからやり直してください。
err-oauth-unreachable = 現在{ $provider }に接続できません。しばらくしてからもう一度お試しいただくか、パスワードでログインしてください。
err-oauth-token-endpoint = { $provider }でのログインが完了しませんでした。最初からやり直してください。
err-oauth-token = { $provider }からの応答を検証できなかったため、ログインしませんでした。最初からやり直してください。
err-oauth-unverified = ここで新しいアカウントを作成するには、{ $provider }で確認済みのメールアドレスが必要です。{ $provider }で確認してから、もう一度お試しください。
err-oauth-no-account = この{ $provider }のIDに対応するアカウントはなく、ここで作成することもできません。管理者にアクセス権を依頼してください。
err-oauth-password-account = このメールアドレスのアカウントはすでに存在します。パスワードでログインしてください。
err-oauth-no-username = このIDではアカウントを作成できませんでした。管理者に連絡してください。
err-oauth-unavailable = 現在、サービスはログインを受け付けられません。しばらくしてからもう一度お試しください。

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = リクエストでアプリケーションが2回指定されています。
err-oidc-unknown-client = 移動元のアプリケーションは、このログインサービスに登録されていません。
err-oidc-redirect = アプリケーションが、登録されていない戻り先アドレスを指定してここに移動させました。
err-oidc-id-token = アプリケーションが、このサービスで発行されていないIDトークンを送信しました。
err-oidc-two-clients = アプリケーションが2つの異なるクライアントを指定しました。
err-oidc-return = アプリケーションが、登録されていないアドレスへの戻りを要求しました。
err-oidc-invalid = ログインリクエストが無効です。
notice-admin-locked = { $name }を{ $time }までロックし、すべてのデバイスからログアウトさせました。

## Invitations and pre-authorized emails
err-invite-username-email = メールアドレスをユーザー名にする場合は、招待されたメールアドレスにしてください
err-invite-has-account = このメールアドレスにはすでにアカウント（{ $username }）があります。招待は不要です
err-invite-email-is-username = このメールアドレスは既存のアカウントのユーザー名です
err-invite-account-exists = このメールアドレスのアカウントはすでに存在します。ログインするか、「パスワードをお忘れですか？」を使用してください
err-invite-username-taken-used = このユーザー名はすでに使用されています。このリンクは使用済みになったため、新しい招待を依頼してください
err-no-password = パスワードが入力されていません
err-pre-on-list = このメールアドレスはすでにリストにあります
notice-pre-not-on-list = このメールアドレスはリストにありませんでした。
err-invite-mail-failed = 招待メールを送信できなかったため、招待は保留されていません。メール設定を確認して、もう一度お試しください。
notice-invite-sent = { $email }に招待を送信しました。
notice-invite-revoked = { $email }への招待を取り消しました。招待リンクは使用できなくなりました。
notice-invite-not-pending = この招待はすでに保留中ではありません（使用済み、取り消し済み、または期限切れ）。

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = そのブラウザはすでに記憶されていません。
notice-browser-forgotten = そのブラウザの記憶を解除し、ログアウトしました。
notice-this-browser-forgotten = このブラウザの記憶を解除しました。次回はパスワードが必要です。

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = パスキーは削除されませんでした：パスワードが正しくありません。これは最後の第2要素のため、パスワードが必要です。
