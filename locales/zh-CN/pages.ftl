# The pages a visitor and a signed-in user see (templates/*.html except admin*).
# Ids: <page>-<what>. Messages ending in -html hold markup: keep the tags as they are,
# translate the words between them.

## login.html
login-forgot-password-html = 忘记密码了？<a href="/forgot-password">通过邮件重置</a>。
login-other-providers = 使用其他账户登录
login-or-sign-in-with = 或通过以下方式登录
login-forgot-password = 忘记密码？
login-forgot-username = 忘记用户名？
login-new-here = 第一次来？
login-create-account = 创建账户

## logout.html
logout-question = 要在此浏览器上退出 { $app } 吗？

## register.html
register-have-account = 已有账户？

## forgot_password.html
forgot-password-sent = 如果有匹配的账户，我们已向其邮箱地址发送了一个链接。该链接只能使用一次，{ $minutes } 分钟内有效。
forgot-password-no-mail-html = 几分钟后仍未收到邮件？请检查垃圾邮件文件夹，或<a href="/forgot-password">重新获取链接</a>。
forgot-password-lead = 请输入您的用户名或邮箱地址，我们将通过邮件向您发送一个设置新密码的链接。

## forgot_username.html
forgot-username-sent = 如果有账户使用此地址，我们已将其用户名发送到该地址。
forgot-username-no-mail-html = 几分钟后仍未收到邮件？请检查垃圾邮件文件夹，或<a href="/forgot-username">尝试其他地址</a>。
forgot-username-lead = 请输入您账户的邮箱地址，我们将通过邮件向您发送用户名。您也可以使用该地址登录。

## reset_password.html
reset-password-for-html = 为 <strong>{ $username }</strong> 设置新密码。
reset-password-invalid = 此链接无效或已过期。链接只能使用一次，{ $minutes } 分钟内有效，且仅最新的链接有效。
reset-password-ask-again = 获取新链接

## code.html
code-sent-html = 我们已向 <strong>{ $destination }</strong> 发送了一个 6 位数验证码，{ $minutes } 分钟内有效。

## home.html
home-title = 首页
home-welcome = 欢迎，{ $name }
home-username = 用户名
home-email = 邮箱
home-roles = 角色
home-roles-none = 无
home-change-password = 修改密码
home-account-details = 账户信息

## error.html, oauth_error.html
error-back-to-login = 返回登录页面
oauth-error-title = 通过 { $provider } 登录未完成

## forbidden.html
forbidden-no-access = 您的账户无权访问此页面。
forbidden-role-html = 此页面仅限拥有 <strong>{ $role }</strong> 角色的账户访问。
# $roles: the role names, each in <strong>, separated by roles-list-separator.
forbidden-roles-html = 此页面仅限拥有以下任一角色的账户访问：{ $roles }。
forbidden-not-signed-in = 您尚未登录，或会话已结束。

## account.html
account-current-password-help = 仅在更改邮箱地址时需要；之后我们会向新地址发送验证码。
account-two-factor-title = 双因素认证
account-two-factor-html = 登录时在输入密码后，还需输入身份验证器应用中的验证码：<a href="/account/two-factor">设置双因素认证</a>。
account-sessions-title = 您的会话
account-sessions-lead = 您的账户当前在所有设备上的登录位置。
account-this-browser = 此浏览器
account-session-facts = 地址 { $address } · 登录于 { $signedIn } · 最近活动 { $lastSeen }
account-session-unknown-address = 未知
# What the sign-out button of one session says to a screen reader after "Sign out".
account-session-label = { $browser }，登录于 { $signedIn }
account-sign-out = 退出登录
account-sign-out-others = 退出其他所有会话
account-log-out-everywhere-lead = 曾在不再使用的电脑上登录？结束您账户的所有会话，包括此设备和其他所有设备。
account-log-out-everywhere = 在所有设备上退出
account-data-title = 您的数据
account-data-lead = 以 JSON 文件下载此服务器保存的有关您账户的全部信息：您的资料、第二因素（仅名称和日期）、会话和近期事件。其中不含任何密码、验证码或 Cookie。
account-download-data = 下载我的数据
account-delete-link = 删除我的账户

## account_delete.html
account-delete-title = 删除我的账户
account-delete-lead-html = 此操作将删除您的账户 <strong>{ $username }</strong> 以及此服务器保存的有关它的全部信息：您的资料、第二因素和通行密钥、已记住的浏览器，以及所有设备上的所有会话。此操作无法撤销。
account-delete-download-html = 建议您先<a href="/account#data">下载您的数据</a>。
account-delete-current-password = 当前密码
account-delete-code = 身份验证器应用中的验证码或恢复码
account-delete-confirm = 请输入您的用户名 { $username } 以确认
account-delete-button = 删除我的账户
account-delete-keep = 保留我的账户

## two_factor.html
two-factor-codes-title = 您的恢复码
two-factor-codes-lead = 请将这些恢复码妥善保存：当您无法使用身份验证器应用或通行密钥时，每个恢复码可用于登录一次。它们仅在此时显示。
two-factor-app-title = 身份验证器应用
two-factor-enabled-since-html = 已启用身份验证器应用（自 <time datetime="{ $datetime }">{ $since }</time> 起）。登录时，输入密码后还需输入应用中的验证码。
two-factor-recovery-left-html = 剩余恢复码：<strong>{ $left }</strong> 个（共 { $total } 个）。
two-factor-remove-title = 移除身份验证器应用
two-factor-scan-html = 使用身份验证器应用（例如 Aegis、Google Authenticator、1Password）扫描二维码，或在此手机上<a href="{ $uri }">用身份验证器应用打开链接</a>。
two-factor-qr-label = 身份验证器应用链接的二维码
two-factor-key-by-hand = 或在应用中手动输入此密钥：
two-factor-code-help = 应用当前显示的 6 位数验证码。
two-factor-recovery-title = 恢复码
two-factor-recovery-left-passkey-html = 剩余恢复码：<strong>{ $left }</strong> 个（共 { $total } 个）。当您无法使用通行密钥时，每个恢复码可用于完成一次登录。

## two_factor_login.html
two-factor-login-totp = 请输入身份验证器应用中的 6 位数验证码，或输入一个恢复码。
two-factor-login-totp-passkeys = 请输入身份验证器应用中的 6 位数验证码、使用您的通行密钥，或输入一个恢复码。
two-factor-login-passkey = 请使用您的通行密钥完成登录。
two-factor-login-passkey-unsupported = 使用通行密钥需要启用 JavaScript，并使用支持通行密钥的浏览器。
two-factor-login-no-passkey = 通行密钥不在身边？
two-factor-login-recovery-left = 改为输入一个恢复码（您还剩 { $count } 个）。
two-factor-login-remember = 在此浏览器上记住我 { $days } 天

## passkeys.html
passkeys-title = 通行密钥
passkeys-lead = 通行密钥让您使用设备的屏幕锁定或安全密钥代替密码登录，也可以在输入密码后作为第二因素使用。
passkeys-none = 您还没有通行密钥。
passkeys-added = 添加于 { $created } · 上次使用 { $lastUsed }
passkeys-never-used = 从未使用
passkeys-current-password = 当前密码
passkeys-last-factor-help = 这是您的最后一个第二因素：移除它需要输入密码。
passkeys-remove = 移除
# Read by screen readers after "Remove".
passkeys-remove-which = 通行密钥“{ $name }”
passkeys-name = 通行密钥名称
passkeys-name-help = 方便您区分各个通行密钥，例如“笔记本电脑”或“手机”。
passkeys-add = 添加通行密钥
passkeys-unsupported = 添加通行密钥需要启用 JavaScript，并使用支持通行密钥的浏览器。
passkeys-unavailable = 此服务器不支持通行密钥。

## oidc_consent.html
oidc-consent-title = 允许 { $client } 访问？
oidc-consent-lead-html = 应用 <strong>{ $client }</strong> 请求使用您的 { $app } 账户为您登录。
oidc-consent-receive = 它将获得：
oidc-claim-profile = 您的姓名和用户名
oidc-claim-email = 您的邮箱地址
oidc-claim-groups = 您的角色
oidc-claim-offline = 在您离开时的访问权限
oidc-consent-allow = 允许
oidc-consent-deny = 拒绝

## oidc_logout.html
oidc-logout-title = 退出登录
oidc-logout-any-html = 某个应用请求您退出 { $app }。
oidc-logout-named-html = 应用 <strong>{ $client }</strong> 请求您退出 { $app }。
oidc-logout-button = 退出登录

## oidc_refused.html
oidc-refused-client-html = 您的账户无法登录应用 <strong>{ $client }</strong>。
oidc-refused-role-html = 该应用仅限拥有 <strong>{ $role }</strong> 角色的账户使用。
oidc-refused-roles-html = 该应用仅限拥有以下任一角色的账户使用：{ $roles }。

## invitation.html
invitation-title = 创建您的账户
invitation-lead-html = 您已受邀使用邮箱 <strong>{ $email }</strong> 创建账户。此链接只能使用一次，有效期至 { $expires }。
invitation-your-username-html = 您的用户名：<strong>{ $username }</strong>
invitation-create = 创建账户
invitation-invalid = 此邀请链接无效、已过期、已被撤销或已被使用。请联系邀请您的管理员重新发送邀请。

## Remembered browsers (account page)
account-browsers-title = 已记住的浏览器
account-browsers-lead = 这些浏览器无需输入密码即可让您登录。对于不再使用的浏览器，请取消记住：它将退出登录，下次需要输入密码。
account-browsers-none = 没有已记住的浏览器。
account-browser-forget = 取消记住
account-browser-facts = 记住于 { $since } · 最近使用 { $lastUsed } · 有效期至 { $until }
account-browser-label = { $browser }，记住于 { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $os } 上的 { $browser }
account-device-unknown = 未知浏览器
account-device-unknown-on = { $os } 上的未知浏览器
