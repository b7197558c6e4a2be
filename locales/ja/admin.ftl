# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = ユーザー
admin-search = 検索
admin-search-help = ユーザー名、名前、メールアドレスの一部。
admin-role = ロール
admin-status = ステータス
admin-status-any = すべて
admin-status-active = 有効
admin-status-locked = ロック中
admin-status-guest = ゲスト
admin-status-second-factor = 第2要素あり
admin-sort-by = 並べ替え
admin-sort-username = ユーザー名
admin-sort-name = 名前
admin-sort-email = メールアドレス
admin-order = 順序
admin-order-asc = 昇順（A→Z）
admin-order-desc = 降順（Z→A）
admin-count-none = ユーザーが見つかりません。
admin-count-empty-page = このページにユーザーはいません（全{ $total }人）。
admin-count-range = ユーザー { $first }–{ $last }人目（全{ $total }人）
admin-table-caption = 全ユーザー（{ $page }/{ $pages }ページ）
admin-col-username = ユーザー名
admin-col-name = 名前
admin-col-email = メールアドレス
admin-col-roles = ロール
admin-col-status = ステータス
admin-pages = ページ
admin-previous-page = 前のページ
admin-next-page = 次のページ
admin-page-of = { $page }/{ $pages }ページ

## admin_sudo.html
admin-sudo-title = 本人確認
admin-sudo-lead-password = ユーザーを変更する前に、パスワードをもう一度入力してください。その後{ $minutes }分間、変更が可能になります。
admin-sudo-lead-code = ユーザーを変更する前に、第2要素のコードをもう一度入力してください。その後{ $minutes }分間、変更が可能になります。
admin-open-until = { $time }まで変更が可能です。
admin-sudo-password = パスワード
admin-sudo-or-code = または認証アプリのコード
admin-sudo-code = コード
admin-sudo-confirm = 確認
admin-back-to-users = ユーザー一覧に戻る

## admin_user.html
admin-user-title = { $username } · ユーザー
admin-user-locked-until = { $time }までロック中
admin-user-active = 有効
admin-user-sign-in = ログイン方法
admin-user-guest = ゲスト（IDプロバイダー経由）
admin-user-password = パスワード
admin-user-ask-first = 最初の変更の前に、パスワードの入力を求められます。
admin-details-title = ユーザー情報
admin-first-name = 名
admin-last-name = 姓
admin-email = メールアドレス
admin-save-details = 情報を保存
admin-roles-title = ロール
admin-roles-help = カンマ区切りで入力します。
admin-save-roles = ロールを保存
admin-access-title = アクセス
admin-unlock = ロック解除
admin-lock-until = ロック期限（UTC）
admin-lock-help = ユーザーはすべてのデバイスからログアウトされ、この日時までログインできなくなります。
admin-lock = ロック
admin-send-reset = パスワード再設定リンクを送信
admin-log-out-everywhere = すべてのデバイスからログアウト
admin-reset-second-factors = 第2要素をリセット
admin-delete-title = ユーザーを削除
admin-delete-confirm = 確認のため、ユーザー名を入力してください
admin-delete-help = { $username }を削除すると、元に戻せません。
admin-delete-button = ユーザーを削除

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = すべてのデバイスからログアウトしました（{ $count }件のセッション）。

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = 有効
admin-row-locked-until = { $time }までロック中
admin-row-guest = ゲスト
admin-row-second-factor = 第2要素あり

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = 招待
admin-pre-authorized-link = 事前承認済みメールアドレス
admin-invitations-title = 招待
admin-invitations-lead = 招待された人には、{ $days }日間有効で1回だけ使用できるリンクが届きます。リンク先でパスワードを設定します（ここでユーザー名を指定しない場合は、ユーザー名も本人が決めます）。新規登録の受付を停止している間も利用できます。
admin-invitations-username = ユーザー名（任意）
admin-invitations-username-help = 空欄にすると、招待された人が自分で決めます。
admin-invitations-send = 招待を送信
admin-invitations-pending = 保留中の招待
admin-invitations-none = 保留中の招待はありません。
admin-invitations-col-sent-by = 送信者
admin-invitations-col-expires = 有効期限
admin-invitations-col-action = 操作
admin-invitations-chosen-by-them = 本人が設定
admin-invitations-revoke = 取り消す
admin-invitations-revoke-label = { $email }への招待を取り消す
admin-pre-title = 事前承認済みメールアドレス
admin-pre-closed-html = 新規登録の受付は停止中です（<code>register.enabled: false</code>）。受付を再開するまで、このリストにあるメールアドレスでも登録できません。代わりに招待を使用してください。
admin-pre-no-list-html = リストはありません。新規登録の受付中は、誰でも登録できます（<code>register.domains</code>の制限は適用されます）。メールアドレスを追加するとリストが作成され、以後はリストにあるメールアドレスだけが登録できます。
admin-pre-list-lead = 登録できるのは、これらのメールアドレスだけです。登録が済んだメールアドレスはリストから外れます。リストが空の場合は、誰も登録できません。
admin-pre-add = 追加
admin-pre-on-list = リスト内のメールアドレス
admin-pre-empty = リストは空です。誰も登録できません。
admin-pre-remove = 削除
admin-pre-remove-label = { $email }を削除
admin-pre-none = リストはありません。

## Audit log page
admin-audit-link = 監査ログ
admin-audit-title = 監査ログ
admin-audit-off-html = 監査ログがこのサーバーで読み込めるファイルではないため（<code>audit_log</code>がオフ、または<code>stdout</code>）、ここに表示できる内容はありません。このページでイベントを表示するには、<code>audit_log</code>にファイルパスを設定してください。
admin-audit-user = ユーザー
admin-audit-user-help = このユーザー名による、またはこのユーザー名に関するイベント。
admin-audit-event = イベント
admin-audit-filter = 絞り込む
admin-audit-none = イベントが見つかりません。
admin-audit-none-here = ログのこの範囲にはイベントが見つかりません。
admin-audit-count = { $count }件のイベント（新しい順）。
admin-audit-count-older = 前のページより古い{ $count }件のイベント（新しい順）。
admin-audit-unreadable = 読み取れない行を{ $count }行スキップしました。
admin-audit-caption = 監査イベント（新しい順）
admin-audit-col-time = 日時（UTC）
admin-audit-col-by = 実行者
admin-audit-col-address = アドレス
admin-audit-col-outcome = 結果
admin-audit-newest = 最新のイベント
admin-audit-older = 以前のイベント
admin-audit-further = さらに過去を検索

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = ゲスト（IDプロバイダー経由）＋第2要素
admin-user-password-second-factor = パスワード＋第2要素
