# The form texts that `fields:` can override: form-<page>-<label>, where <page> is the
# page name of src/config/labels.rs and <label> the label in lower case with "-" for
# spaces. A label set in `fields:` wins over every language.

form-login-form-name = ログイン
form-login-username = ユーザー名
form-login-password = パスワード
form-login-captcha = 画像認証
form-login-login = ログイン
form-login-sign-in-with-a-passkey = パスキーでログイン

form-logout-form-name = ログアウト
form-logout-logout = ログアウト

form-code-form-name = コードを入力
form-code-code = 確認コード
form-code-submit = 送信
form-code-resend = 再送信

form-register-form-name = アカウントを作成
form-register-first-name = 名
form-register-last-name = 姓
form-register-email = メールアドレス
form-register-username = ユーザー名
form-register-password = パスワード
form-register-repeat-password = パスワード（確認）
form-register-password-hint = パスワードのヒント
form-register-captcha = 画像認証
form-register-register = 登録

form-forgot_password-form-name = パスワードの再設定
form-forgot_password-username = ユーザー名
form-forgot_password-captcha = 画像認証
form-forgot_password-submit = 送信
form-forgot_password-new-password = 新しいパスワード
form-forgot_password-repeat-password = パスワード（確認）
form-forgot_password-reset = 再設定

form-forgot_username-form-name = ユーザー名の確認
form-forgot_username-email = メールアドレス
form-forgot_username-captcha = 画像認証
form-forgot_username-submit = 送信

form-change_password-form-name = パスワードの変更
form-change_password-current-password = 現在のパスワード
form-change_password-new-password = 新しいパスワード
form-change_password-repeat-password = パスワード（確認）
form-change_password-reset = 変更

form-account-form-name = アカウント情報
form-account-first-name = 名
form-account-last-name = 姓
form-account-email = メールアドレス
form-account-current-password = 現在のパスワード
form-account-update = 更新

form-oauth-form-name = ゲストログイン
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = 2要素認証
form-two_factor_setup-code = コード
form-two_factor_setup-enable = 有効にする
form-two_factor_setup-current-password = 現在のパスワード
form-two_factor_setup-remove = 削除
form-two_factor_setup-new-recovery-codes = 新しいリカバリーコード

form-two_factor_login-form-name = 2段階目の確認
form-two_factor_login-code = コード
form-two_factor_login-verify = 確認
form-two_factor_login-use-a-passkey = パスキーを使用
