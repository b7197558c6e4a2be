# What every page shares: the header, the language menu, form alerts, the captcha.

# The language's own name, as the language menu shows it.
language-name = 日本語
# The label of the language menu.
language-menu = 言語
# The button that applies the chosen language (shown only without JavaScript).
language-apply = 言語を変更

skip-to-content = 本文へスキップ
# aria-label of the signed-in header navigation.
nav-account = アカウント
nav-admin = 管理

form-alert-correct = 下記の項目を修正してください。
captcha-alt = 画像認証：下の欄に入力する文字

signed-in-as-html = <strong>{ $name }</strong>としてログインしています。
signed-in-as-with-username-html = <strong>{ $name }</strong>（{ $username }）としてログインしています。
ask-admin-or-switch = 管理者にアクセス権を依頼するか、別のアカウントでログインしてください。
switch-account = アカウントを切り替え
your-account = マイアカウント
back-to-sign-in = ログインに戻る
forgot-username-question = ユーザー名をお忘れですか？
forgot-password-question = パスワードをお忘れですか？
sign-in = ログイン
cancel = キャンセル
request-id = リクエストID：
go-home = ホームページへ
access-denied = アクセスが拒否されました
roles-list-separator = 、

# Titles of error pages, by HTTP status (the standard reason phrase in English).
http-400 = 不正なリクエスト
http-403 = アクセス禁止
http-404 = ページが見つかりません
http-405 = 許可されていないメソッド
http-408 = リクエストタイムアウト
http-413 = リクエストが大きすぎます
http-415 = サポートされていないメディアタイプ
http-422 = 処理できないリクエスト
http-429 = リクエストが多すぎます
http-500 = サーバー内部エラー
http-502 = 不正なゲートウェイ
http-503 = サービス利用不可
http-504 = ゲートウェイタイムアウト

# Texts of the page scripts (static/*.js), handed to them in data- attributes.
js-show = 表示
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = パスワードを表示
js-server-error = サーバーから応答がありませんでした。もう一度お試しください。
js-passkey-cancelled = パスキーのリクエストがキャンセルされたか、タイムアウトしました。もう一度お試しください。
js-passkey-taken = このパスキーはすでに登録されています。
js-passkey-refused = パスキーが受け付けられませんでした。
js-passkey-waiting = パスキーを待っています…

# Dates and times, always in UTC. The code hands every part as a variable: $year,
# $month, $day, $hour, $minute, $second (zero-padded digits), $iso (RFC 3339, as
# "2026-12-07T14:00:00Z") and $rfc2822 ("Mon, 07 Dec 2026 14:00:00 +0000"). Use the
# parts your language's format needs: these three messages alone may use other variables
# than English.
# Lists, session times, lock times: "2026/12/07 14:00 UTC".
datetime-minute = { $year }/{ $month }/{ $day } { $hour }:{ $minute } UTC
# Since when an authenticator app is enabled.
datetime-iso = { $year }/{ $month }/{ $day } { $hour }:{ $minute } UTC
# Times in mails ("changed on ...").
datetime-mail = { $year }年{ $month }月{ $day }日 { $hour }:{ $minute }（UTC）
