# The form texts that `fields:` can override: form-<page>-<label>, where <page> is the
# page name of src/config/labels.rs and <label> the label in lower case with "-" for
# spaces. A label set in `fields:` wins over every language.

form-login-form-name = 登录
form-login-username = 用户名
form-login-password = 密码
form-login-captcha = 图形验证码
form-login-login = 登录
form-login-sign-in-with-a-passkey = 使用通行密钥登录

form-logout-form-name = 退出登录
form-logout-logout = 退出登录

form-code-form-name = 输入验证码
form-code-code = 验证码
form-code-submit = 提交
form-code-resend = 重新发送

form-register-form-name = 创建账户
form-register-first-name = 名
form-register-last-name = 姓
form-register-email = 邮箱
form-register-username = 用户名
form-register-password = 密码
form-register-repeat-password = 确认密码
form-register-password-hint = 密码提示
form-register-captcha = 图形验证码
form-register-register = 注册

form-forgot_password-form-name = 重置密码
form-forgot_password-username = 用户名
form-forgot_password-captcha = 图形验证码
form-forgot_password-submit = 提交
form-forgot_password-new-password = 新密码
form-forgot_password-repeat-password = 确认密码
form-forgot_password-reset = 重置

form-forgot_username-form-name = 找回用户名
form-forgot_username-email = 邮箱
form-forgot_username-captcha = 图形验证码
form-forgot_username-submit = 提交

form-change_password-form-name = 修改密码
form-change_password-current-password = 当前密码
form-change_password-new-password = 新密码
form-change_password-repeat-password = 确认密码
form-change_password-reset = 修改

form-account-form-name = 账户信息
form-account-first-name = 名
form-account-last-name = 姓
form-account-email = 邮箱
form-account-current-password = 当前密码
form-account-update = 更新

form-oauth-form-name = 访客登录
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = 双因素认证
form-two_factor_setup-code = 验证码
form-two_factor_setup-enable = 启用
form-two_factor_setup-current-password = 当前密码
form-two_factor_setup-remove = 移除
form-two_factor_setup-new-recovery-codes = 新的恢复码

form-two_factor_login-form-name = 第二步验证
form-two_factor_login-code = 验证码
form-two_factor_login-verify = 验证
form-two_factor_login-use-a-passkey = 使用通行密钥
