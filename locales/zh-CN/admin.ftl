# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = 用户
admin-search = 搜索
admin-search-help = 用户名、姓名或邮箱的一部分。
admin-role = 角色
admin-status = 状态
admin-status-any = 全部
admin-status-active = 正常
admin-status-locked = 已锁定
admin-status-guest = 访客
admin-status-second-factor = 已设置第二因素
admin-sort-by = 排序方式
admin-sort-username = 用户名
admin-sort-name = 姓名
admin-sort-email = 邮箱
admin-order = 顺序
admin-order-asc = A 到 Z
admin-order-desc = Z 到 A
admin-count-none = 未找到用户。
admin-count-empty-page = 此页没有用户；共 { $total } 名用户。
admin-count-range = 第 { $first }–{ $last } 名用户，共 { $total } 名。
admin-table-caption = 所有用户，第 { $page } 页，共 { $pages } 页
admin-col-username = 用户名
admin-col-name = 姓名
admin-col-email = 邮箱
admin-col-roles = 角色
admin-col-status = 状态
admin-pages = 分页
admin-previous-page = 上一页
admin-next-page = 下一页
admin-page-of = 第 { $page } 页，共 { $pages } 页

## admin_sudo.html
admin-sudo-title = 确认是您本人
admin-sudo-lead-password = 修改用户之前，请再次输入您的密码。之后 { $minutes } 分钟内可以进行修改。
admin-sudo-lead-code = 修改用户之前，请再次输入您的第二因素验证码。之后 { $minutes } 分钟内可以进行修改。
admin-open-until = 在 { $time } 之前可以进行修改。
admin-sudo-password = 密码
admin-sudo-or-code = 或身份验证器应用中的验证码
admin-sudo-code = 验证码
admin-sudo-confirm = 确认
admin-back-to-users = 返回用户列表

## admin_user.html
admin-user-title = { $username } · 用户
admin-user-locked-until = 锁定至 { $time }
admin-user-active = 正常
admin-user-sign-in = 登录方式
admin-user-guest = 访客（通过身份提供方）
admin-user-password = 密码
admin-user-ask-first = 首次修改前，系统会要求您输入密码。
admin-details-title = 资料
admin-first-name = 名
admin-last-name = 姓
admin-email = 邮箱
admin-save-details = 保存资料
admin-roles-title = 角色
admin-roles-help = 以英文逗号分隔。
admin-save-roles = 保存角色
admin-access-title = 访问
admin-unlock = 解锁
admin-lock-until = 锁定至（UTC）
admin-lock-help = 该用户将在所有设备上退出登录，并在此时间之前无法登录。
admin-lock = 锁定
admin-send-reset = 发送密码重置链接
admin-log-out-everywhere = 在所有设备上退出
admin-reset-second-factors = 重置第二因素
admin-delete-title = 删除用户
admin-delete-confirm = 请输入用户名以确认
admin-delete-help = 删除 { $username } 后无法撤销。
admin-delete-button = 删除用户

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = 已在所有设备上退出登录（{ $count } 个会话）。

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = 正常
admin-row-locked-until = 锁定至 { $time }
admin-row-guest = 访客
admin-row-second-factor = 已设置第二因素

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = 邀请
admin-pre-authorized-link = 预先授权的邮箱
admin-invitations-title = 邀请
admin-invitations-lead = 受邀者会收到一个只能使用一次的链接，{ $days } 天内有效，可在该页面设置密码（如果您未在此处指定用户名，还可自行选择用户名）。注册关闭期间同样有效。
admin-invitations-username = 用户名（可选）
admin-invitations-username-help = 留空则由受邀者自行选择。
admin-invitations-send = 发送邀请
admin-invitations-pending = 待接受的邀请
admin-invitations-none = 没有待接受的邀请。
admin-invitations-col-sent-by = 发送者
admin-invitations-col-expires = 过期时间
admin-invitations-col-action = 操作
admin-invitations-chosen-by-them = 由受邀者选择
admin-invitations-revoke = 撤销
admin-invitations-revoke-label = 撤销发送给 { $email } 的邀请
admin-pre-title = 预先授权的邮箱
admin-pre-closed-html = 注册已关闭（<code>register.enabled: false</code>）：在重新开放注册之前，此列表中的邮箱也无法注册。请改用邀请。
admin-pre-no-list-html = 当前没有列表：注册开放期间，任何人都可以注册（受 <code>register.domains</code> 限制）。添加邮箱即会创建列表，此后只有列表中的邮箱可以注册。
admin-pre-list-lead = 只有这些邮箱可以注册；邮箱注册后即从列表中移除。列表为空时，任何人都无法注册。
admin-pre-add = 添加
admin-pre-on-list = 列表中的邮箱
admin-pre-empty = 列表为空：任何人都无法注册。
admin-pre-remove = 移除
admin-pre-remove-label = 移除 { $email }
admin-pre-none = 没有列表。

## Audit log page
admin-audit-link = 审计日志
admin-audit-title = 审计日志
admin-audit-off-html = 审计日志不是此服务器可以读取的文件（<code>audit_log</code> 已关闭或设为 <code>stdout</code>），因此这里没有可显示的内容。请将 <code>audit_log</code> 设为文件路径，即可在此页面查看事件。
admin-audit-user = 用户
admin-audit-user-help = 由此用户名发起或与其相关的事件。
admin-audit-event = 事件
admin-audit-filter = 筛选
admin-audit-none = 未找到事件。
admin-audit-none-here = 在日志的这一部分中未找到事件。
admin-audit-count = { $count } 个事件，按从新到旧排列。
admin-audit-count-older = { $count } 个早于上一页的事件，按从新到旧排列。
admin-audit-unreadable = 已跳过 { $count } 行无法读取的内容。
admin-audit-caption = 审计事件，按从新到旧排列
admin-audit-col-time = 时间（UTC）
admin-audit-col-by = 操作者
admin-audit-col-address = 地址
admin-audit-col-outcome = 结果
admin-audit-newest = 最新事件
admin-audit-older = 更早的事件
admin-audit-further = 继续向前搜索

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = 访客（通过身份提供方）＋第二因素
admin-user-password-second-factor = 密码＋第二因素
