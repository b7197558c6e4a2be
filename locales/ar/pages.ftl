# The pages a visitor and a signed-in user see (templates/*.html except admin*).
# Messages ending in -html hold markup: the tags are as in English.

## login.html
login-forgot-password-html = هل نسيت كلمة المرور؟ <a href="/forgot-password">أعد تعيينها عبر البريد الإلكتروني</a>.
login-other-providers = تسجيل الدخول بحساب آخر
login-or-sign-in-with = أو سجّل الدخول باستخدام
login-forgot-password = هل نسيت كلمة المرور؟
login-forgot-username = هل نسيت اسم المستخدم؟
login-new-here = مستخدم جديد؟
login-create-account = إنشاء حساب

## logout.html
logout-question = هل تريد تسجيل الخروج من { $app } في هذا المتصفح؟

## register.html
register-have-account = هل لديك حساب بالفعل؟

## forgot_password.html
forgot-password-sent = إذا كان هناك حساب مطابق، فقد أرسلنا رابطًا إلى عنوان بريده الإلكتروني. يعمل الرابط مرة واحدة، لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
forgot-password-no-mail-html = لم تصلك رسالة بعد بضع دقائق؟ تحقّق من مجلد الرسائل غير المرغوب فيها، أو <a href="/forgot-password">اطلب رابطًا آخر</a>.
forgot-password-lead = أدخل اسم المستخدم أو عنوان البريد الإلكتروني، وسنرسل إليك رابطًا لاختيار كلمة مرور جديدة.

## forgot_username.html
forgot-username-sent = إذا كان هناك حساب يستخدم هذا العنوان، فقد أرسلنا اسم المستخدم إليه.
forgot-username-no-mail-html = لم تصلك رسالة بعد بضع دقائق؟ تحقّق من مجلد الرسائل غير المرغوب فيها، أو <a href="/forgot-username">جرّب عنوانًا آخر</a>.
forgot-username-lead = أدخل عنوان البريد الإلكتروني لحسابك، وسنرسل إليك اسم المستخدم الخاص به. يمكنك أيضًا تسجيل الدخول بهذا العنوان.

## reset_password.html
reset-password-for-html = اختر كلمة مرور جديدة للمستخدم <strong>{ $username }</strong>.
reset-password-invalid = هذا الرابط غير صالح أو انتهت صلاحيته. تعمل الروابط مرة واحدة، لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }، والرابط الأحدث وحده هو المعتمد.
reset-password-ask-again = طلب رابط جديد

## code.html
code-sent-html = أرسلنا رمزًا مكوّنًا من 6 أرقام إلى <strong>{ $destination }</strong>. وهو صالح لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.

## home.html
home-title = الرئيسية
home-welcome = مرحبًا، { $name }
home-username = اسم المستخدم
home-email = البريد الإلكتروني
home-roles = الأدوار
home-roles-none = لا يوجد
home-change-password = تغيير كلمة المرور
home-account-details = بيانات الحساب

## error.html, oauth_error.html
error-back-to-login = العودة إلى صفحة تسجيل الدخول
oauth-error-title = لم يكتمل تسجيل الدخول باستخدام { $provider }

## forbidden.html
forbidden-no-access = ليس لحسابك إذن بالوصول إلى هذه الصفحة.
forbidden-role-html = هذه الصفحة مخصّصة للحسابات التي لها الدور <strong>{ $role }</strong>.
# $roles: the role names, each in <strong>, separated by roles-list-separator.
forbidden-roles-html = هذه الصفحة مخصّصة للحسابات التي لها أحد الأدوار التالية: { $roles }.
forbidden-not-signed-in = لم تسجّل الدخول، أو انتهت جلستك.

## account.html
account-current-password-help = مطلوبة فقط لتغيير عنوان بريدك الإلكتروني؛ وسنرسل عندها رمزًا إلى العنوان الجديد.
account-two-factor-title = المصادقة الثنائية
account-two-factor-html = اطلب رمزًا من تطبيق مصادقة بعد كلمة المرور: <a href="/account/two-factor">إعداد المصادقة الثنائية</a>.
account-sessions-title = جلساتك
account-sessions-lead = الأماكن التي سُجّل فيها الدخول إلى حسابك حاليًا، على جميع الأجهزة.
account-this-browser = هذا المتصفح
account-session-facts = العنوان { $address } · سُجّل الدخول في { $signedIn } · آخر نشاط في { $lastSeen }
account-session-unknown-address = غير معروف
# What the sign-out button of one session says to a screen reader after "تسجيل الخروج".
account-session-label = { $browser }، سُجّل الدخول في { $signedIn }
account-sign-out = تسجيل الخروج
account-sign-out-others = تسجيل الخروج من الأماكن الأخرى
account-log-out-everywhere-lead = هل سجّلت الدخول على جهاز كمبيوتر لم تعد تستخدمه؟ أنهِ كل جلسات حسابك، هنا وعلى جميع الأجهزة الأخرى.
account-log-out-everywhere = تسجيل الخروج من كل مكان
account-data-title = بياناتك
account-data-lead = نزّل كل ما يحتفظ به هذا الخادم عن حسابك في ملف JSON: بياناتك، والعوامل الثانية (الأسماء والتواريخ فقط)، والجلسات، والأحداث الأخيرة. لا يتضمن الملف أي كلمة مرور أو رمز أو ملف تعريف ارتباط.
account-download-data = تنزيل بياناتي
account-delete-link = حذف حسابي

## account_delete.html
account-delete-title = حذف حسابي
account-delete-lead-html = سيؤدي هذا إلى حذف حسابك <strong>{ $username }</strong> وكل ما يحتفظ به هذا الخادم عنه: بياناتك، والعوامل الثانية ومفاتيح المرور، والمتصفحات المحفوظة، وكل الجلسات على جميع الأجهزة. لا يمكن التراجع عن ذلك.
account-delete-download-html = قد ترغب في <a href="/account#data">تنزيل بياناتك</a> أولًا.
account-delete-current-password = كلمة المرور الحالية
account-delete-code = رمز من تطبيق المصادقة، أو رمز استرداد
account-delete-confirm = اكتب اسم المستخدم، { $username }، للتأكيد
account-delete-button = حذف حسابي
account-delete-keep = الإبقاء على حسابي

## two_factor.html
two-factor-codes-title = رموز الاسترداد الخاصة بك
two-factor-codes-lead = احفظها في مكان آمن: يتيح لك كل رمز منها تسجيل الدخول مرة واحدة عندما يتعذّر عليك استخدام تطبيق المصادقة أو مفتاح المرور. لن تُعرض إلا الآن.
two-factor-app-title = تطبيق المصادقة
two-factor-enabled-since-html = تطبيق المصادقة مفعّل (منذ <time datetime="{ $datetime }">{ $since }</time>). يُطلب رمزه عند تسجيل الدخول بعد كلمة المرور.
two-factor-recovery-left-html = رموز الاسترداد المتبقية: <strong>{ $left }</strong> من { $total }.
two-factor-remove-title = إزالة تطبيق المصادقة
two-factor-scan-html = امسح رمز QR ضوئيًا باستخدام تطبيق المصادقة (مثل Aegis أو Google Authenticator أو 1Password)، أو على هذا الهاتف <a href="{ $uri }">افتح الرابط في تطبيق المصادقة</a>.
two-factor-qr-label = رمز QR لرابط تطبيق المصادقة
two-factor-key-by-hand = أو اكتب هذا المفتاح في التطبيق يدويًا:
two-factor-code-help = الرمز المكوّن من 6 أرقام الذي يعرضه التطبيق الآن.
two-factor-recovery-title = رموز الاسترداد
two-factor-recovery-left-passkey-html = رموز الاسترداد المتبقية: <strong>{ $left }</strong> من { $total }. يتيح لك كل رمز منها إكمال تسجيل الدخول مرة واحدة عندما يتعذّر عليك استخدام مفتاح المرور.

## two_factor_login.html
two-factor-login-totp = أدخل الرمز المكوّن من 6 أرقام من تطبيق المصادقة، أو أدخل أحد رموز الاسترداد.
two-factor-login-totp-passkeys = أدخل الرمز المكوّن من 6 أرقام من تطبيق المصادقة، أو استخدم أحد مفاتيح المرور، أو أدخل أحد رموز الاسترداد.
two-factor-login-passkey = استخدم أحد مفاتيح المرور لإكمال تسجيل الدخول.
two-factor-login-passkey-unsupported = يتطلب استخدام مفتاح المرور تفعيل JavaScript ومتصفحًا يدعم مفاتيح المرور.
two-factor-login-no-passkey = ليس لديك مفتاح مرور الآن؟
two-factor-login-recovery-left = أدخل أحد رموز الاسترداد بدلًا من ذلك (المتبقي لديك: { $count }).
two-factor-login-remember = تذكُّر هذا المتصفح لمدة { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}

## passkeys.html
passkeys-title = مفاتيح المرور
passkeys-lead = يتيح لك مفتاح المرور تسجيل الدخول باستخدام قفل شاشة جهازك أو مفتاح أمان بدلًا من كلمة المرور، ويعمل أيضًا كعامل ثانٍ بعد كلمة المرور.
passkeys-none = ليس لديك أي مفاتيح مرور بعد.
passkeys-added = تمت الإضافة في { $created } · آخر استخدام: { $lastUsed }
passkeys-never-used = لم يُستخدم قط
passkeys-current-password = كلمة المرور الحالية
passkeys-last-factor-help = هذا آخر عامل ثانٍ لديك: تتطلب إزالته إدخال كلمة المرور.
passkeys-remove = إزالة
# Read by screen readers after "إزالة".
passkeys-remove-which = مفتاح المرور { $name }
passkeys-name = اسم مفتاح المرور
passkeys-name-help = لتتمكن من التمييز بين مفاتيح المرور، مثل «الكمبيوتر المحمول» أو «الهاتف».
passkeys-add = إضافة مفتاح مرور
passkeys-unsupported = تتطلب إضافة مفتاح مرور تفعيل JavaScript ومتصفحًا يدعم مفاتيح المرور.
passkeys-unavailable = مفاتيح المرور غير متاحة على هذا الخادم.

## oidc_consent.html
oidc-consent-title = هل تسمح للتطبيق { $client }؟
oidc-consent-lead-html = يطلب التطبيق <strong>{ $client }</strong> تسجيل دخولك باستخدام حسابك في { $app }.
oidc-consent-receive = سيحصل على:
oidc-claim-profile = اسمك واسم المستخدم
oidc-claim-email = عنوان بريدك الإلكتروني
oidc-claim-groups = أدوارك
oidc-claim-offline = الوصول أثناء غيابك
oidc-consent-allow = السماح
oidc-consent-deny = الرفض

## oidc_logout.html
oidc-logout-title = تسجيل الخروج
oidc-logout-any-html = يطلب أحد التطبيقات تسجيل خروجك من { $app }.
oidc-logout-named-html = يطلب التطبيق <strong>{ $client }</strong> تسجيل خروجك من { $app }.
oidc-logout-button = تسجيل الخروج

## oidc_refused.html
oidc-refused-client-html = لا يُسمح لحسابك بتسجيل الدخول إلى التطبيق <strong>{ $client }</strong>.
oidc-refused-role-html = هذا التطبيق مخصّص للحسابات التي لها الدور <strong>{ $role }</strong>.
oidc-refused-roles-html = هذا التطبيق مخصّص للحسابات التي لها أحد الأدوار التالية: { $roles }.

## invitation.html
invitation-title = إنشاء حسابك
invitation-lead-html = تمت دعوتك بالبريد الإلكتروني <strong>{ $email }</strong>. يعمل هذا الرابط مرة واحدة، حتى { $expires }.
invitation-your-username-html = اسم المستخدم الخاص بك: <strong>{ $username }</strong>
invitation-create = إنشاء حساب
invitation-invalid = رابط الدعوة هذا غير صالح، أو انتهت صلاحيته، أو أُلغي، أو سبق استخدامه. اطلب دعوة جديدة من المسؤول الذي دعاك.

## Remembered browsers (account page)
account-browsers-title = المتصفحات المحفوظة
account-browsers-lead = متصفحات تُسجّل دخولك دون كلمة المرور. انسَ أي متصفح لم تعد تستخدمه: سيُسجَّل خروجه وسيطلب كلمة المرور في المرة القادمة.
account-browsers-none = لا توجد متصفحات محفوظة.
account-browser-forget = نسيان
account-browser-facts = محفوظ منذ { $since } · آخر استخدام في { $lastUsed } · حتى { $until }
account-browser-label = { $browser }، محفوظ منذ { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } على { $os }
account-device-unknown = متصفح غير معروف
account-device-unknown-on = متصفح غير معروف على { $os }
