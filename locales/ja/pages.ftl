# The pages a visitor and a signed-in user see (templates/*.html except admin*).
# Ids: <page>-<what>. Messages ending in -html hold markup: keep the tags as they are,
# translate the words between them.

## login.html
login-forgot-password-html = パスワードをお忘れの場合は、<a href="/forgot-password">メールで再設定</a>できます。
login-other-providers = 別のアカウントでログイン
login-or-sign-in-with = または次の方法でログイン
login-forgot-password = パスワードをお忘れですか？
login-forgot-username = ユーザー名をお忘れですか？
login-new-here = 初めてご利用ですか？
login-create-account = アカウントを作成

## logout.html
logout-question = このブラウザで{ $app }からログアウトしますか？

## register.html
register-have-account = すでにアカウントをお持ちですか？

## forgot_password.html
forgot-password-sent = 該当するアカウントがある場合は、そのメールアドレスにリンクを送信しました。リンクは{ $minutes }分間、1回だけ使用できます。
forgot-password-no-mail-html = 数分たってもメールが届かない場合は、迷惑メールフォルダを確認するか、<a href="/forgot-password">リンクを再度リクエスト</a>してください。
forgot-password-lead = ユーザー名またはメールアドレスを入力してください。新しいパスワードを設定するためのリンクをメールでお送りします。

## forgot_username.html
forgot-username-sent = このアドレスを使用しているアカウントがある場合は、そのユーザー名をこのアドレスにメールで送信しました。
forgot-username-no-mail-html = 数分たってもメールが届かない場合は、迷惑メールフォルダを確認するか、<a href="/forgot-username">別のアドレスをお試し</a>ください。
forgot-username-lead = アカウントのメールアドレスを入力してください。ユーザー名をメールでお送りします。このアドレスでもログインできます。

## reset_password.html
reset-password-for-html = <strong>{ $username }</strong>の新しいパスワードを設定してください。
reset-password-invalid = このリンクは無効か、有効期限が切れています。リンクは{ $minutes }分間、1回だけ使用でき、最新のリンクのみが有効です。
reset-password-ask-again = 新しいリンクをリクエスト

## code.html
code-sent-html = <strong>{ $destination }</strong>に6桁のコードを送信しました。有効期間は{ $minutes }分です。

## home.html
home-title = ホーム
home-welcome = ようこそ、{ $name }さん
home-username = ユーザー名
home-email = メールアドレス
home-roles = ロール
home-roles-none = なし
home-change-password = パスワードを変更
home-account-details = アカウント情報

## error.html, oauth_error.html
error-back-to-login = ログインページに戻る
oauth-error-title = { $provider }でのログインが完了しませんでした

## forbidden.html
forbidden-no-access = お使いのアカウントには、このページへのアクセス権がありません。
forbidden-role-html = このページは、ロール<strong>{ $role }</strong>を持つアカウント専用です。
# $roles: the role names, each in <strong>, separated by roles-list-separator.
forbidden-roles-html = このページは、次のいずれかのロールを持つアカウント専用です：{ $roles }。
forbidden-not-signed-in = ログインしていないか、セッションが終了しました。

## account.html
account-current-password-help = メールアドレスを変更する場合にのみ必要です。変更すると、新しいアドレスにコードを送信します。
account-two-factor-title = 2要素認証
account-two-factor-html = パスワードの後に認証アプリのコードも求めるには、<a href="/account/two-factor">2要素認証を設定</a>してください。
account-sessions-title = ログイン中のセッション
account-sessions-lead = すべてのデバイスで、現在このアカウントにログインしている場所の一覧です。
account-this-browser = このブラウザ
account-session-facts = アドレス：{ $address } · ログイン：{ $signedIn } · 最終アクセス：{ $lastSeen }
account-session-unknown-address = 不明
# What the sign-out button of one session says to a screen reader after "Sign out".
account-session-label = { $browser }（{ $signedIn }にログイン）
account-sign-out = ログアウト
account-sign-out-others = 他のセッションをすべてログアウト
account-log-out-everywhere-lead = もう使っていないコンピューターでログインしたままになっていませんか？このデバイスと他のすべてのデバイスで、アカウントのセッションをすべて終了します。
account-log-out-everywhere = すべてのデバイスからログアウト
account-data-title = アカウントのデータ
account-data-lead = このサーバーがアカウントについて保存している情報をすべて、JSONファイルとしてダウンロードできます：登録情報、第2要素（名前と日付のみ）、セッション、最近のイベント。パスワード、コード、Cookieは含まれません。
account-download-data = データをダウンロード
account-delete-link = アカウントを削除

## account_delete.html
account-delete-title = アカウントを削除
account-delete-lead-html = アカウント<strong>{ $username }</strong>と、このサーバーがこのアカウントについて保存しているすべての情報を削除します：登録情報、第2要素とパスキー、記憶されたブラウザ、すべてのデバイスのすべてのセッション。この操作は取り消せません。
account-delete-download-html = 先に<a href="/account#data">データをダウンロード</a>しておくことをおすすめします。
account-delete-current-password = 現在のパスワード
account-delete-code = 認証アプリのコード、またはリカバリーコード
account-delete-confirm = 確認のため、ユーザー名「{ $username }」を入力してください
account-delete-button = アカウントを削除
account-delete-keep = 削除しない

## two_factor.html
two-factor-codes-title = リカバリーコード
two-factor-codes-lead = 安全な場所に保管してください。認証アプリやパスキーを使用できないとき、各コードで1回ログインできます。表示されるのは今回だけです。
two-factor-app-title = 認証アプリ
two-factor-enabled-since-html = 認証アプリが有効です（<time datetime="{ $datetime }">{ $since }</time>から）。ログイン時に、パスワードの後でアプリのコードを求められます。
two-factor-recovery-left-html = 残りのリカバリーコード：<strong>{ $left }</strong>個（全{ $total }個）
two-factor-remove-title = 認証アプリを削除
two-factor-scan-html = 認証アプリ（Aegis、Google Authenticator、1Passwordなど）でQRコードをスキャンするか、このスマートフォンで<a href="{ $uri }">認証アプリでリンクを開いて</a>ください。
two-factor-qr-label = 認証アプリ用リンクのQRコード
two-factor-key-by-hand = または、次のキーをアプリに手動で入力してください：
two-factor-code-help = アプリに現在表示されている6桁のコード。
two-factor-recovery-title = リカバリーコード
two-factor-recovery-left-passkey-html = 残りのリカバリーコード：<strong>{ $left }</strong>個（全{ $total }個）。パスキーを使用できないとき、各コードで1回ログインを完了できます。

## two_factor_login.html
two-factor-login-totp = 認証アプリに表示されている6桁のコード、またはリカバリーコードを1つ入力してください。
two-factor-login-totp-passkeys = 認証アプリに表示されている6桁のコードを入力するか、パスキーを使用するか、リカバリーコードを1つ入力してください。
two-factor-login-passkey = パスキーを使用してログインを完了してください。
two-factor-login-passkey-unsupported = パスキーを使用するには、JavaScriptとパスキーに対応したブラウザが必要です。
two-factor-login-no-passkey = パスキーが手元にありませんか？
two-factor-login-recovery-left = 代わりにリカバリーコードを1つ入力してください（残り{ $count }個）。
two-factor-login-remember = このブラウザを{ $days }日間記憶する

## passkeys.html
passkeys-title = パスキー
passkeys-lead = パスキーを使うと、パスワードの代わりにデバイスの画面ロックやセキュリティキーでログインできます。パスワードの後の第2要素としても使用できます。
passkeys-none = パスキーはまだありません。
passkeys-added = 追加：{ $created } · 最終使用：{ $lastUsed }
passkeys-never-used = 未使用
passkeys-current-password = 現在のパスワード
passkeys-last-factor-help = これは最後の第2要素です。削除するにはパスワードが必要です。
passkeys-remove = 削除
# Read by screen readers after "Remove".
passkeys-remove-which = パスキー「{ $name }」
passkeys-name = パスキーの名前
passkeys-name-help = パスキーを区別するための名前です（例：「ノートPC」「スマートフォン」）。
passkeys-add = パスキーを追加
passkeys-unsupported = パスキーを追加するには、JavaScriptとパスキーに対応したブラウザが必要です。
passkeys-unavailable = このサーバーではパスキーを使用できません。

## oidc_consent.html
oidc-consent-title = { $client }を許可しますか？
oidc-consent-lead-html = アプリケーション<strong>{ $client }</strong>が、{ $app }アカウントでのログインを求めています。
oidc-consent-receive = このアプリケーションが受け取る情報：
oidc-claim-profile = 名前とユーザー名
oidc-claim-email = メールアドレス
oidc-claim-groups = ロール
oidc-claim-offline = 不在時のアクセス
oidc-consent-allow = 許可
oidc-consent-deny = 拒否

## oidc_logout.html
oidc-logout-title = ログアウト
oidc-logout-any-html = アプリケーションが{ $app }からのログアウトを求めています。
oidc-logout-named-html = アプリケーション<strong>{ $client }</strong>が{ $app }からのログアウトを求めています。
oidc-logout-button = ログアウト

## oidc_refused.html
oidc-refused-client-html = お使いのアカウントでは、アプリケーション<strong>{ $client }</strong>にログインできません。
oidc-refused-role-html = このアプリケーションは、ロール<strong>{ $role }</strong>を持つアカウント専用です。
oidc-refused-roles-html = このアプリケーションは、次のいずれかのロールを持つアカウント専用です：{ $roles }。

## invitation.html
invitation-title = アカウントの作成
invitation-lead-html = メールアドレス<strong>{ $email }</strong>宛てに招待が届いています。このリンクは{ $expires }まで、1回だけ使用できます。
invitation-your-username-html = ユーザー名：<strong>{ $username }</strong>
invitation-create = アカウントを作成
invitation-invalid = この招待リンクは無効です（有効期限切れ、取り消し済み、または使用済み）。招待した管理者に新しい招待を依頼してください。

## Remembered browsers (account page)
account-browsers-title = 記憶されたブラウザ
account-browsers-lead = パスワードなしでログインできるブラウザです。使わなくなったブラウザは記憶を解除してください。そのブラウザはログアウトされ、次回はパスワードが必要になります。
account-browsers-none = 記憶されたブラウザはありません。
account-browser-forget = 記憶を解除
account-browser-facts = 記憶開始：{ $since } · 最終使用：{ $lastUsed } · 有効期限：{ $until }
account-browser-label = { $browser }（{ $since }から記憶）

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $os } の { $browser }
account-device-unknown = 不明なブラウザー
account-device-unknown-on = { $os } の不明なブラウザー
