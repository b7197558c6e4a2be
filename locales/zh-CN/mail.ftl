# The mails (src/mail/messages.rs, templates/mail/). Sent in the language of the request
# that caused them. Plain text: no markup. $name is the greeted person's name.

mail-hello = { $name }，您好：
# Greets a person whose name is not known.
mail-hello-anonymous = 您好：
mail-link-fallback = 如果链接无法打开，请将以下地址复制到浏览器中：
mail-not-you = 如果这不是您本人的操作，请忽略此邮件，您的账户没有任何更改。
mail-not-you-reset = 如果这不是您本人的操作，请立即通过登录页面上的“忘记密码？”重置密码，并告知您的管理员。

mail-reset-subject = 重置您的密码
mail-reset-body = 有人（希望是您本人）请求重置您账户的密码。下面的链接只能使用一次，{ $minutes } 分钟内有效；再次请求将使其失效。
mail-reset-hint = 您保存的密码提示是：{ $hint }
mail-reset-link = 设置新密码

mail-two-factor-subject = 您的登录设置已更改
mail-two-factor-body = { $what }您可以在账户的“双因素认证”页面查看您的第二因素。
mail-two-factor-app-added = 您的账户已添加身份验证器应用。
mail-two-factor-codes-renewed = 已为您的账户生成新的恢复码，旧的恢复码已失效。
mail-two-factor-removed = 已从您的账户中移除身份验证器应用和恢复码。
mail-two-factor-recovery-used = 您的账户已使用恢复码登录。
mail-two-factor-admin-reset = 管理员已移除您账户的第二因素（身份验证器应用、恢复码和通行密钥）。
mail-two-factor-admin-reset-cli = 管理员已移除您账户的第二因素（身份验证器应用和恢复码）。

mail-password-changed-subject = 您的密码已更改
mail-password-changed-body = 您账户的密码已于 { $when } 更改。其他所有会话均已退出登录。

mail-passkey-added-subject = 您的账户已添加通行密钥
mail-passkey-removed-subject = 已从您的账户中移除通行密钥
mail-passkey-added-body = 您的账户已于 { $when } 添加了一个通行密钥。
mail-passkey-added-named-body = 您的账户已于 { $when } 添加了名为“{ $passkey }”的通行密钥。
mail-passkey-removed-body = 您的账户已于 { $when } 移除了一个通行密钥。
mail-passkey-removed-named-body = 您的账户已于 { $when } 移除了名为“{ $passkey }”的通行密钥。
mail-passkey-not-you = 如果这不是您本人的操作，请立即更改密码，在账户的双因素认证页面移除您不认识的通行密钥，并告知您的管理员。

mail-username-subject = 您的用户名
mail-username-body = 使用此地址的账户的用户名是：{ $username }

mail-code-subject = 您的验证码
mail-code-body = 请输入此验证码以{ $purpose }。验证码 { $minutes } 分钟内有效，且只能使用一次。
mail-code-never-share = 请勿将此验证码告诉任何人，无论对方是谁。
# What the code is for ($purpose above).
mail-code-purpose-register = 完成账户创建
mail-code-purpose-email = 确认您的新邮箱地址

mail-email-changed-subject = 您的邮箱地址已更改
mail-email-changed-body = 您账户的邮箱地址已更改为 { $email }。
mail-email-changed-other-body = 您账户的邮箱地址已更改为另一个地址。
mail-email-changed-not-you = 如果这不是您本人的操作，请立即联系您的管理员。

mail-already-registered-subject = 您已经有一个账户
mail-already-registered-body = 有人尝试使用此邮箱地址创建账户，但该地址已属于一个现有账户。
mail-already-registered-username = 该账户的用户名是 { $username }。如果您忘记了密码，可以设置新密码：
mail-already-registered-link = 重置您的密码

mail-invitation-subject = 邀请您创建账户
mail-invitation-body = 管理员 { $by } 邀请您使用此地址创建账户。
mail-invitation-link-days = 下面的链接只能使用一次，{ $days } 天内有效：请在该页面设置您的密码。
mail-invitation-link = 创建您的账户
mail-invitation-not-expected = 如果您没有预期收到此邮件，可以忽略它：没有该链接，不会创建任何账户。
