# Messages about a form or a step: errors beside a field, notices after an action.
#
# In English these are found by their text: the rules (src/auth, src/domain) write
# English, and a page shows the message whose English text matches (variables match any
# value). So, in locales/en only: one line each, the text exactly as the Rust source has
# it. A text that matches no message (a deployment's own validator) is shown as it is.
# Other languages translate freely (selectors for plurals are welcome).

## Signing in
err-credentials = 用户名或密码错误
err-too-many-users = 已登录用户数已达上限，请稍后重试。
err-already-signed-in = 此账户已在其他地方登录。请先在那里退出登录，或等待该会话超时。
err-captcha-missing = 未输入图形验证码
err-captcha-wrong = 图形验证码输入错误
err-captcha-address = 此图形验证码地址无效，请刷新页面。
err-session-expired-submit = 您的会话已过期，请重新提交。
err-session-expired-login = 您的会话已过期，请重新登录。
err-role-required = 您的账户没有访问此页面所需的角色。

## Second factor
err-2fa-wrong-code = 该验证码无效。请输入身份验证器应用中的当前验证码，或一个未使用的恢复码。
err-2fa-locked = 失败次数过多，请稍后重试。
err-2fa-expired = 您的登录已过期，请重新登录。
err-2fa-already-enabled = 身份验证器应用已启用。
err-2fa-not-enabled = 未启用身份验证器应用。
err-2fa-wrong-password = 当前密码不正确。
err-2fa-not-recovery-code = 这不是您未使用的恢复码。
notice-2fa-recovery-used = 您已使用恢复码登录，还剩 { $left } 个恢复码。
notice-2fa-app-added = 已为您的账户添加身份验证器应用。
notice-2fa-new-codes = 已为您的账户生成新的恢复码，旧的恢复码已失效。
notice-2fa-removed = 已从您的账户中移除身份验证器应用和恢复码。

## Passkeys
err-passkey-unavailable = 此服务器不支持通行密钥。
err-passkey-expired = 该通行密钥请求已过期或已被使用，请重试。
err-passkey-refused = 通行密钥未被接受。
err-passkey-taken = 此通行密钥已注册。
err-passkey-too-many = 您的通行密钥数量已达到每个账户的上限（{ $max } 个）。
err-passkey-name = 请为通行密钥设置一个不超过 { $max } 个字符的名称。
err-passkey-not-removed = 通行密钥未移除：{ $reason }。这是您的最后一个第二因素，因此需要输入密码。
notice-passkey-added = 您的通行密钥已添加。
notice-passkey-removed = 通行密钥已移除。
notice-passkey-already-removed = 该通行密钥已被移除。

## Names, addresses, passwords
err-username-taken = 用户名已被占用
err-username-invalid = 用户名无效：请使用 1 到 20 个字母、数字、“_”或“-”，或使用邮箱地址
err-username-invalid-long = 用户名无效：请使用 1 到 64 个字母、数字、“_”、“-”、“.”，或使用邮箱地址
err-username-not-email = 以邮箱地址作为用户名时，必须是您自己的邮箱地址（即“邮箱”一栏中的地址）
err-email-as-username = 此邮箱不能用作用户名
err-email-invalid = 邮箱无效
err-email-look-alike = 邮箱中包含与普通字符外观相似的字符（全角字母、连字、符号）；请使用普通字符输入
err-email-taken = 邮箱已被占用
err-email-required = 邮箱为必填项
err-email-domain = 此邮箱域名不允许注册
err-email-guest = 访客账户的邮箱来自其身份提供方
err-first-name = 名无效
err-last-name = 姓无效
err-registration-closed = 注册已关闭
err-not-pre-authorized = 该用户未获得预先授权，无法注册
err-password-empty-fields = 密码和确认密码不能为空
err-passwords-differ = 两次输入的密码不一致
err-password-hint = 密码提示必须为纯文本
err-no-new-password = 未提供新密码
err-password-incorrect = 密码不正确
err-guest-no-password = 访客用户无法重置密码
err-password-same = 新密码与当前密码相同
err-password-changed-elsewhere = 您的密码已在其他地方被更改，请重新登录
err-values-same = 新值与当前值相同
err-password-empty = 密码不能为空
err-password-too-long = 密码过长（最多 { $max } 个字符）
err-password-too-short = 密码长度至少为 { $min } 个字符
err-password-control = 密码不能包含控制字符
err-password-lowercase = 密码必须包含小写字母
err-password-uppercase = 密码必须包含大写字母
err-password-digit = 密码必须包含数字
err-password-symbol = 密码必须包含符号
err-password-common = 此密码太常见，请选择更难猜到的密码
err-password-own = 密码不能是您的用户名或邮箱
err-username-missing = 未提供用户名
err-email-missing = 未提供邮箱
err-rule-username = 此处不允许使用该用户名
err-rule-name = 此处不允许使用该姓名
err-rule-email-domain = 此处不允许使用该邮箱域名

## The password rules listed under a new password field
rule-min-length = 至少 { $min } 个字符；欢迎使用较长的密码短语
rule-lowercase = 至少一个小写字母
rule-uppercase = 至少一个大写字母
rule-digit = 至少一个数字
rule-symbol = 至少一个符号，例如 !@#$%
rule-not-common = 不是常用密码，也不是您的用户名或邮箱

## Codes sent by mail
err-code-wrong = 验证码不正确，还可尝试 { $left } 次。
err-code-wait = 请等待一分钟后再请求新的验证码。
err-code-send = 无法发送验证码，请稍后重试。
notice-code-resent = 我们已发送新的验证码。
err-register-send = 无法向此地址发送验证码。请检查地址，或稍后重试。
err-register-code-invalid = 此验证码无效。请重新注册以获取新的验证码。
err-register-code-expired = 此验证码已过期或输错次数过多，请发送新的验证码。
err-account-send = 无法向此地址发送验证码。请检查地址，或稍后重试。
err-account-code-expired = 该验证码已过期或输错次数过多。您的邮箱未更改，请重试。

## Notices after an action
notice-signed-out = 您已退出登录。
notice-signed-out-everywhere = 您已在所有设备上退出登录。
notice-password-reset = 您的密码已更改，请使用新密码登录。
notice-password-changed = 您的密码已更改，其他会话均已退出登录。
notice-password-changed-short = 您的密码已更改。
notice-account-ready = 您的账户已准备就绪，请登录以继续。
notice-email-confirmed = 您的邮箱已确认，账户已准备就绪，请登录以继续。
notice-details-updated = 您的资料已更新。
notice-email-changed = 您的邮箱地址已更改。
notice-session-ended = 该会话已退出登录。
notice-session-already-ended = 该会话此前已结束。
notice-no-other-sessions = 您没有在其他地方登录。
notice-other-sessions-ended = 已退出其他 { $count } 个会话。
notice-one-other-session-ended = 已退出其他 1 个会话。
notice-account-deleted = 您的账户及此服务器保存的有关它的全部信息均已删除。

## Deleting one's account
err-delete-confirm = 请完全按照显示内容输入您的用户名以确认
err-only-admin = 您是唯一的管理员：请先将管理员角色授予其他用户

## The admin console
err-admin-stale = 自您打开此页面后，该用户已被他人修改。请查看当前值后重试。
err-admin-sudo-needed = 请输入您的密码（或身份验证器应用中的验证码）
err-admin-changed-meanwhile = 该用户在此期间已被更改，未发送链接。请重试。
err-admin-max-roles = 最多 { $max } 个角色
err-admin-own-admin-role = 您无法移除自己的管理员角色：请联系其他管理员
err-admin-last-admin = 这是最后一位管理员：请先将管理员角色授予其他人
err-admin-lock-self = 您无法锁定自己
err-admin-future = 请选择一个将来的时间
err-admin-ten-years = 请选择十年以内的时间
err-admin-no-reset = 该用户没有密码或邮箱地址：无法发送重置链接
err-admin-delete-self = 您无法在此删除自己的账户
err-admin-confirm = 请准确输入用户名以确认
err-admin-date = 请输入日期和时间（UTC）
notice-admin-details = 资料已保存。
notice-admin-roles = 角色已保存。
notice-admin-unlocked = 该用户已解锁。
notice-admin-no-second-factor = 该用户没有第二因素。
notice-admin-second-factors-removed = 第二因素已移除。
notice-admin-reset-sent = 密码重置链接正在发送至该用户的邮箱地址。

## Error pages (src/web)
err-page-form-unreadable = 无法读取表单。请返回，刷新页面后重试。
err-page-not-found = 此地址没有对应的页面。
err-page-method = 此地址不接受该类型的请求。
err-page-too-large = 请求过大。
err-page-not-form = 请求未以表单形式发送。
err-page-server = 我们这边出了点问题，请重试。
err-page-unhandled = 无法处理该请求。
err-page-form-too-large = 表单过大。
err-page-rate-limited = 您的地址尝试次数过多。请等待 { $seconds } 秒后重试。
err-page-unavailable = 服务暂时不可用，请几秒钟后重试。
err-page-forbidden = 您无权查看此页面。
err-page-csrf = 此表单来自其他网站或已过期。请返回，刷新页面后重试。
err-page-read-only = 服务目前无法接受更改，请稍后重试。
err-page-too-slow = 请求传输时间过长，请重试。

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = 不存在此登录提供方。
err-oauth-cancelled = 通过 { $provider } 登录已取消。您可以重试，或使用密码登录。
err-oauth-provider = { $provider } 无法为您完成登录，请稍后重试。
err-oauth-state = 此次通过 { $provider } 的登录无效、已被使用或已过期。请从登录页面重新开始。
err-oauth-unreachable = 目前无法连接到 { $provider }。请稍后重试，或使用密码登录。
err-oauth-token-endpoint = { $provider } 未完成登录，请重新开始。
err-oauth-token = 无法验证来自 { $provider } 的响应，因此您未能登录。请重新开始。
err-oauth-unverified = 在此创建新账户需要一个经 { $provider } 验证的邮箱地址。请先在 { $provider } 完成验证，然后重试。
err-oauth-no-account = 此 { $provider } 身份没有对应的账户，且无法在此创建账户。请向管理员申请访问权限。
err-oauth-password-account = 使用此邮箱地址的账户已存在，请使用密码登录。
err-oauth-no-username = 无法为此身份创建账户，请联系管理员。
err-oauth-unavailable = 服务目前无法接受登录，请稍后重试。

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = 该请求两次指定了其应用。
err-oidc-unknown-client = 将您引导至此的应用未在此登录服务中注册。
err-oidc-redirect = 该应用使用了未注册的返回地址将您引导至此。
err-oidc-id-token = 该应用发送了一个并非由本服务签发的 ID 令牌。
err-oidc-two-clients = 该应用指定了两个不同的客户端。
err-oidc-return = 该应用请求返回到一个未注册的地址。
err-oidc-invalid = 登录请求无效。
notice-admin-locked = { $name } 已被锁定至 { $time }，并已在所有设备上退出登录。

## Invitations and pre-authorized emails
err-invite-username-email = 以邮箱地址作为用户名时，必须是受邀的邮箱地址
err-invite-has-account = 此邮箱已有账户（{ $username }），无需邀请
err-invite-email-is-username = 此邮箱是现有账户的用户名
err-invite-account-exists = 使用此邮箱的账户已存在：请登录，或使用“忘记密码？”
err-invite-username-taken-used = 用户名已被占用；此链接已被使用，请申请新的邀请
err-no-password = 未提供密码
err-pre-on-list = 此邮箱已在列表中
notice-pre-not-on-list = 此邮箱不在列表中。
err-invite-mail-failed = 邀请邮件无法发送，因此没有待接受的邀请。请检查邮件设置后重试。
notice-invite-sent = 邀请正在发送至 { $email }。
notice-invite-revoked = 发送给 { $email } 的邀请已撤销，其链接已失效。
notice-invite-not-pending = 此邀请已不再处于待接受状态（已使用、已撤销或已过期）。

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = 该浏览器已不再被记住。
notice-browser-forgotten = 已取消记住该浏览器，并已将其退出登录。
notice-this-browser-forgotten = 已取消记住此浏览器，下次登录需要输入密码。

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = 通行密钥未移除：密码不正确。这是您的最后一个第二因素，因此需要输入密码。
