# What every page shares: the header, the language menu, form alerts, the captcha.

# The language's own name, as the language menu shows it.
language-name = 简体中文
# The label of the language menu.
language-menu = 语言
# The button that applies the chosen language (shown only without JavaScript).
language-apply = 切换语言

skip-to-content = 跳到主要内容
# aria-label of the signed-in header navigation.
nav-account = 账户
nav-admin = 管理

form-alert-correct = 请更正下方标出的字段。
captcha-alt = 图形验证码：请在下方输入图中的字符

signed-in-as-html = 您已以 <strong>{ $name }</strong> 的身份登录。
signed-in-as-with-username-html = 您已以 <strong>{ $name }</strong>（{ $username }）的身份登录。
ask-admin-or-switch = 请向管理员申请访问权限，或使用其他账户登录。
switch-account = 切换账户
your-account = 我的账户
back-to-sign-in = 返回登录
forgot-username-question = 忘记用户名？
forgot-password-question = 忘记密码？
sign-in = 登录
cancel = 取消
request-id = 请求 ID：
go-home = 返回首页
access-denied = 拒绝访问
roles-list-separator = 、

# Titles of error pages, by HTTP status (the standard reason phrase in English).
http-400 = 错误的请求
http-403 = 禁止访问
http-404 = 页面未找到
http-405 = 不允许的请求方法
http-408 = 请求超时
http-413 = 请求内容过大
http-415 = 不支持的媒体类型
http-422 = 无法处理的请求
http-429 = 请求过多
http-500 = 服务器内部错误
http-502 = 网关错误
http-503 = 服务不可用
http-504 = 网关超时

# Texts of the page scripts (static/*.js), handed to them in data- attributes.
js-show = 显示
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = 显示密码
js-server-error = 服务器暂时无法响应，请重试。
js-passkey-cancelled = 通行密钥请求已取消或超时，请重试。
js-passkey-taken = 此通行密钥已注册。
js-passkey-refused = 通行密钥未被接受。
js-passkey-waiting = 正在等待您的通行密钥…

# Dates and times, always in UTC. The code hands every part as a variable: $year,
# $month, $day, $hour, $minute, $second (zero-padded digits), $iso (RFC 3339, as
# "2026-12-07T14:00:00Z") and $rfc2822 ("Mon, 07 Dec 2026 14:00:00 +0000"). Use the
# parts your language's format needs: these three messages alone may use other variables
# than English.
# Lists, session times, lock times: "2026-12-07 14:00 UTC".
datetime-minute = { $year }-{ $month }-{ $day } { $hour }:{ $minute } UTC
# Since when an authenticator app is enabled.
datetime-iso = { $year }-{ $month }-{ $day } { $hour }:{ $minute } UTC
# Times in mails ("changed on ...").
datetime-mail = { $year }-{ $month }-{ $day } { $hour }:{ $minute } UTC
