# Messages about a form or a step: errors beside a field, notices after an action.

## Signing in
err-credentials = اسم المستخدم أو كلمة المرور غير صحيحة
err-too-many-users = تم بلوغ الحد الأقصى لعدد المستخدمين المسجّلين الدخول. يُرجى المحاولة لاحقًا.
err-already-signed-in = هذا الحساب مسجّل الدخول في مكان آخر. سجّل الخروج هناك أولًا، أو انتظر حتى تنتهي مهلة تلك الجلسة.
err-captcha-missing = لم يتم إدخال الكابتشا
err-captcha-wrong = تم إدخال الكابتشا بشكل غير صحيح
err-captcha-address = عنوان الكابتشا هذا غير صالح. أعد تحميل الصفحة.
err-session-expired-submit = انتهت صلاحية جلستك؛ يُرجى الإرسال مرة أخرى.
err-session-expired-login = انتهت صلاحية جلستك؛ يُرجى تسجيل الدخول مرة أخرى.
err-role-required = ليس لحسابك الدور الذي تتطلبه هذه الصفحة.

## Second factor
err-2fa-wrong-code = هذا الرمز غير صالح. أدخل الرمز الحالي من تطبيق المصادقة، أو رمز استرداد لم يُستخدم بعد.
err-2fa-locked = محاولات فاشلة كثيرة جدًا. يُرجى المحاولة لاحقًا.
err-2fa-expired = انتهت صلاحية عملية تسجيل الدخول. يُرجى تسجيل الدخول مرة أخرى.
err-2fa-already-enabled = تطبيق المصادقة مفعّل بالفعل.
err-2fa-not-enabled = لا يوجد تطبيق مصادقة مفعّل.
err-2fa-wrong-password = كلمة المرور الحالية غير صحيحة.
err-2fa-not-recovery-code = هذا ليس أحد رموز الاسترداد غير المستخدمة لديك.
notice-2fa-recovery-used = لقد سجّلت الدخول باستخدام رمز استرداد. { $left ->
    [zero] لم يتبقَّ لديك أي رمز استرداد.
    [one] يتبقى لديك رمز استرداد واحد.
    [two] يتبقى لديك رمزا استرداد.
    [few] يتبقى لديك { $left } رموز استرداد.
    [many] يتبقى لديك { $left } رمزًا للاسترداد.
   *[other] يتبقى لديك { $left } رمز استرداد.
}
notice-2fa-app-added = تمت إضافة تطبيق مصادقة إلى حسابك.
notice-2fa-new-codes = تم إنشاء رموز استرداد جديدة لحسابك؛ ولم تعد الرموز القديمة صالحة.
notice-2fa-removed = تمت إزالة تطبيق المصادقة ورموز الاسترداد من حسابك.

## Passkeys
err-passkey-unavailable = مفاتيح المرور غير متاحة على هذا الخادم.
err-passkey-expired = انتهت صلاحية طلب مفتاح المرور هذا أو سبق استخدامه. يُرجى المحاولة مرة أخرى.
err-passkey-refused = لم يُقبل مفتاح المرور.
err-passkey-taken = مفتاح المرور هذا مسجّل بالفعل.
err-passkey-too-many = لديك بالفعل الحد الأقصى لعدد مفاتيح المرور المسموح به للحساب ({ $max }).
err-passkey-name = اختر لمفتاح المرور اسمًا لا يتجاوز { $max ->
    [one] حرفًا واحدًا
    [two] حرفين
    [few] { $max } أحرف
    [many] { $max } حرفًا
   *[other] { $max } حرف
}.
err-passkey-not-removed = لم تتم إزالة مفتاح المرور: { $reason }. إنه آخر عامل ثانٍ لديك، لذا يلزم إدخال كلمة المرور.
notice-passkey-added = تمت إضافة مفتاح المرور.
notice-passkey-removed = تمت إزالة مفتاح المرور.
notice-passkey-already-removed = سبقت إزالة مفتاح المرور هذا.

## Names, addresses, passwords
err-username-taken = اسم المستخدم مستخدم بالفعل
err-username-invalid = اسم المستخدم غير صالح: استخدم من 1 إلى 20 حرفًا أو رقمًا أو '_' أو '-'، أو عنوان بريد إلكتروني
err-username-invalid-long = اسم المستخدم غير صالح: استخدم من 1 إلى 64 حرفًا أو رقمًا أو '_' أو '-' أو '.'، أو عنوان بريد إلكتروني
err-username-not-email = اسم المستخدم الذي هو عنوان بريد إلكتروني يجب أن يكون عنوان بريدك الإلكتروني نفسه (المذكور في حقل البريد الإلكتروني)
err-email-as-username = لا يمكن استخدام هذا البريد الإلكتروني اسمًا للمستخدم
err-email-invalid = البريد الإلكتروني غير صالح
err-email-look-alike = يحتوي البريد الإلكتروني على أحرف تشبه الأحرف العادية فقط (أحرف كاملة العرض، أو أحرف مركّبة، أو رموز)؛ اكتبه بأحرف عادية
err-email-taken = البريد الإلكتروني مستخدم بالفعل
err-email-required = البريد الإلكتروني مطلوب
err-email-domain = التسجيل غير مسموح به لنطاق هذا البريد الإلكتروني
err-email-guest = تأخذ حسابات الضيوف بريدها الإلكتروني من موفّر الهوية الخاص بها
err-first-name = الاسم الأول غير صالح
err-last-name = اسم العائلة غير صالح
err-registration-closed = التسجيل مغلق
err-not-pre-authorized = المستخدم غير مصرّح له مسبقًا بالتسجيل
err-password-empty-fields = لا يمكن ترك حقلي كلمة المرور وتأكيدها فارغين
err-passwords-differ = كلمتا المرور غير متطابقتين
err-password-hint = يجب أن يكون تلميح كلمة المرور نصًا عاديًا
err-no-new-password = لم يتم إدخال كلمة مرور جديدة
err-password-incorrect = كلمة المرور غير صحيحة
err-guest-no-password = لا يمكن للمستخدم الضيف إعادة تعيين كلمة المرور
err-password-same = كلمة المرور الجديدة مطابقة لكلمة المرور الحالية
err-password-changed-elsewhere = تم تغيير كلمة المرور من مكان آخر في هذه الأثناء؛ سجّل الدخول مرة أخرى
err-values-same = القيم الجديدة مطابقة للقيم الحالية
err-password-empty = يجب ألا تكون كلمة المرور فارغة
err-password-too-long = كلمة المرور طويلة جدًا (الحد الأقصى { $max ->
    [one] حرف واحد
    [two] حرفان
    [few] { $max } أحرف
    [many] { $max } حرفًا
   *[other] { $max } حرف
})
err-password-too-short = يجب ألا يقل طول كلمة المرور عن { $min ->
    [one] حرف واحد
    [two] حرفين
    [few] { $min } أحرف
    [many] { $min } حرفًا
   *[other] { $min } حرف
}
err-password-control = يجب ألا تحتوي كلمة المرور على أحرف تحكّم
err-password-lowercase = يجب أن تحتوي كلمة المرور على حرف لاتيني صغير
err-password-uppercase = يجب أن تحتوي كلمة المرور على حرف لاتيني كبير
err-password-digit = يجب أن تحتوي كلمة المرور على رقم
err-password-symbol = يجب أن تحتوي كلمة المرور على رمز
err-password-common = كلمة المرور هذه شائعة جدًا؛ اختر كلمة مرور يصعب تخمينها
err-password-own = يجب ألا تكون كلمة المرور هي اسم المستخدم أو البريد الإلكتروني
err-username-missing = لم يتم إدخال اسم المستخدم
err-email-missing = لم يتم إدخال البريد الإلكتروني
err-rule-username = اسم المستخدم هذا غير مسموح به هنا
err-rule-name = هذا الاسم غير مسموح به هنا
err-rule-email-domain = نطاق البريد الإلكتروني هذا غير مسموح به هنا

## The password rules listed under a new password field
rule-min-length = { $min ->
    [one] حرف واحد
    [two] حرفان
    [few] { $min } أحرف
    [many] { $min } حرفًا
   *[other] { $min } حرف
} على الأقل؛ ويُفضَّل استخدام عبارات مرور طويلة
rule-lowercase = حرف لاتيني صغير واحد على الأقل
rule-uppercase = حرف لاتيني كبير واحد على الأقل
rule-digit = رقم واحد على الأقل
rule-symbol = رمز واحد على الأقل مثل !@#$%
rule-not-common = ألا تكون كلمة مرور شائعة الاستخدام، ولا اسم المستخدم أو البريد الإلكتروني

## Codes sent by mail
err-code-wrong = الرمز غير صحيح. { $left ->
    [zero] لم تتبقَّ أي محاولة.
    [one] تتبقى محاولة واحدة.
    [two] تتبقى محاولتان.
    [few] تتبقى { $left } محاولات.
    [many] تتبقى { $left } محاولةً.
   *[other] تتبقى { $left } محاولة.
}
err-code-wait = يُرجى الانتظار دقيقة قبل طلب رمز جديد.
err-code-send = تعذّر علينا إرسال الرمز. حاول مرة أخرى بعد قليل.
notice-code-resent = أرسلنا رمزًا جديدًا.
err-register-send = تعذّر علينا إرسال الرمز إلى هذا العنوان. تحقّق منه، أو حاول مرة أخرى بعد قليل.
err-register-code-invalid = هذا الرمز غير صالح. سجّل مرة أخرى للحصول على رمز جديد.
err-register-code-expired = انتهت صلاحية هذا الرمز أو أُدخل بشكل خاطئ مرات كثيرة جدًا. اطلب إرسال رمز جديد.
err-account-send = تعذّر علينا إرسال رمز إلى هذا العنوان. تحقّق منه، أو حاول مرة أخرى لاحقًا.
err-account-code-expired = انتهت صلاحية هذا الرمز أو أُدخل بشكل خاطئ مرات كثيرة جدًا. لم يتم تغيير بريدك الإلكتروني؛ حاول مرة أخرى.

## Notices after an action
notice-signed-out = تم تسجيل خروجك.
notice-signed-out-everywhere = تم تسجيل خروجك من جميع الأجهزة.
notice-password-reset = تم تغيير كلمة المرور. سجّل الدخول بكلمة المرور الجديدة.
notice-password-changed = تم تغيير كلمة المرور. وتم تسجيل الخروج من الجلسات الأخرى.
notice-password-changed-short = تم تغيير كلمة المرور.
notice-account-ready = حسابك جاهز. سجّل الدخول للمتابعة.
notice-email-confirmed = تم تأكيد بريدك الإلكتروني وأصبح حسابك جاهزًا. سجّل الدخول للمتابعة.
notice-details-updated = تم تحديث بياناتك.
notice-email-changed = تم تغيير عنوان بريدك الإلكتروني.
notice-session-ended = تم تسجيل الخروج من تلك الجلسة.
notice-session-already-ended = كانت تلك الجلسة قد انتهت بالفعل.
notice-no-other-sessions = لم تكن مسجّل الدخول في أي مكان آخر.
notice-other-sessions-ended = { $count ->
    [zero] لم يتم تسجيل الخروج من أي جلسة أخرى.
    [one] تم تسجيل الخروج من جلسة أخرى واحدة.
    [two] تم تسجيل الخروج من جلستين أخريين.
    [few] تم تسجيل الخروج من { $count } جلسات أخرى.
    [many] تم تسجيل الخروج من { $count } جلسةً أخرى.
   *[other] تم تسجيل الخروج من { $count } جلسة أخرى.
}
notice-one-other-session-ended = تم تسجيل الخروج من جلسة أخرى واحدة.
notice-account-deleted = تم حذف حسابك، مع كل ما كان هذا الخادم يحتفظ به عنه.

## Deleting one's account
err-delete-confirm = اكتب اسم المستخدم كما هو معروض تمامًا للتأكيد
err-only-admin = أنت المسؤول الوحيد: امنح دور المسؤول لمستخدم آخر أولًا

## The admin console
err-admin-stale = غيّر شخص آخر بيانات هذا المستخدم منذ أن فتحت الصفحة. راجع القيم الحالية وحاول مرة أخرى.
err-admin-sudo-needed = أدخل كلمة المرور (أو رمزًا من تطبيق المصادقة)
err-admin-changed-meanwhile = تغيّرت بيانات المستخدم في هذه الأثناء؛ لم يتم إرسال أي رابط. حاول مرة أخرى.
err-admin-max-roles = { $max ->
    [one] دور واحد
    [two] دوران
    [few] { $max } أدوار
    [many] { $max } دورًا
   *[other] { $max } دور
} على الأكثر
err-admin-own-admin-role = لا يمكنك إزالة دور المسؤول الخاص بك: اطلب ذلك من مسؤول آخر
err-admin-last-admin = هذا هو المسؤول الأخير: امنح دور المسؤول لشخص آخر أولًا
err-admin-lock-self = لا يمكنك قفل حسابك بنفسك
err-admin-future = اختر وقتًا في المستقبل
err-admin-ten-years = اختر وقتًا في غضون عشر سنوات
err-admin-no-reset = ليس لهذا المستخدم كلمة مرور أو عنوان بريد إلكتروني: لا يمكن إرسال رابط إعادة التعيين
err-admin-delete-self = لا يمكنك حذف حسابك من هنا
err-admin-confirm = اكتب اسم المستخدم تمامًا كما هو للتأكيد
err-admin-date = أدخل تاريخًا ووقتًا (UTC)
notice-admin-details = تم حفظ البيانات.
notice-admin-roles = تم حفظ الأدوار.
notice-admin-unlocked = تم إلغاء قفل المستخدم.
notice-admin-no-second-factor = ليس لدى هذا المستخدم عامل ثانٍ.
notice-admin-second-factors-removed = تمت إزالة العوامل الثانية.
notice-admin-reset-sent = يجري إرسال رابط لإعادة تعيين كلمة المرور إلى البريد الإلكتروني للمستخدم.

## Error pages (src/web)
err-page-form-unreadable = تعذّرت قراءة النموذج. ارجع إلى الصفحة السابقة وأعد تحميلها ثم حاول مرة أخرى.
err-page-not-found = لا توجد صفحة على هذا العنوان.
err-page-method = لا يقبل هذا العنوان هذا النوع من الطلبات.
err-page-too-large = الطلب كبير جدًا.
err-page-not-form = لم يُرسَل الطلب كنموذج.
err-page-server = حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى.
err-page-unhandled = تعذّرت معالجة الطلب.
err-page-form-too-large = النموذج كبير جدًا.
err-page-rate-limited = محاولات كثيرة جدًا من عنوانك. { $seconds ->
    [one] يُرجى الانتظار ثانية واحدة ثم المحاولة مرة أخرى.
    [two] يُرجى الانتظار ثانيتين ثم المحاولة مرة أخرى.
    [few] يُرجى الانتظار { $seconds } ثوانٍ ثم المحاولة مرة أخرى.
    [many] يُرجى الانتظار { $seconds } ثانيةً ثم المحاولة مرة أخرى.
   *[other] يُرجى الانتظار { $seconds } ثانية ثم المحاولة مرة أخرى.
}
err-page-unavailable = الخدمة غير متاحة مؤقتًا. يُرجى المحاولة مرة أخرى بعد بضع ثوانٍ.
err-page-forbidden = ليس لديك إذن بعرض هذه الصفحة.
err-page-csrf = أُرسل هذا النموذج من موقع آخر أو انتهت صلاحيته. ارجع إلى الصفحة السابقة وأعد تحميلها ثم حاول مرة أخرى.
err-page-read-only = لا يمكن للخدمة قبول التغييرات الآن. يُرجى المحاولة مرة أخرى بعد قليل.
err-page-too-slow = استغرق وصول الطلب وقتًا طويلًا جدًا. يُرجى المحاولة مرة أخرى.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = لا يوجد موفّر تسجيل دخول بهذا الاسم.
err-oauth-cancelled = تم إلغاء تسجيل الدخول باستخدام { $provider }. يمكنك المحاولة مرة أخرى أو تسجيل الدخول بكلمة المرور.
err-oauth-provider = تعذّر على { $provider } تسجيل دخولك. يُرجى المحاولة لاحقًا.
err-oauth-state = عملية تسجيل الدخول هذه باستخدام { $provider } غير صالحة أو سبق استخدامها أو انتهت صلاحيتها. يُرجى البدء من جديد من صفحة تسجيل الدخول.
err-oauth-unreachable = يتعذّر الوصول إلى { $provider } الآن. يُرجى المحاولة لاحقًا أو تسجيل الدخول بكلمة المرور.
err-oauth-token-endpoint = لم يُكمل { $provider } تسجيل الدخول. يُرجى البدء من جديد.
err-oauth-token = تعذّر التحقق من الرد الوارد من { $provider }، لذا لم يتم تسجيل دخولك. يُرجى البدء من جديد.
err-oauth-unverified = تحتاج الحسابات الجديدة هنا إلى عنوان بريد إلكتروني تحقّق منه { $provider }. تحقّق منه هناك، ثم حاول مرة أخرى.
err-oauth-no-account = لا يوجد حساب لهوية { $provider } هذه، ولا يمكن إنشاء حساب لها هنا. اطلب إذن الوصول من المسؤول.
err-oauth-password-account = يوجد بالفعل حساب بعنوان البريد الإلكتروني هذا. سجّل الدخول بكلمة المرور.
err-oauth-no-username = تعذّر إنشاء حساب لهذه الهوية. يُرجى التواصل مع المسؤول.
err-oauth-unavailable = لا يمكن للخدمة قبول عمليات تسجيل الدخول الآن. يُرجى المحاولة مرة أخرى بعد قليل.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = يذكر الطلب تطبيقه مرتين.
err-oidc-unknown-client = التطبيق الذي أرسلك إلى هنا غير مسجّل في خدمة تسجيل الدخول هذه.
err-oidc-redirect = أرسلك التطبيق إلى هنا بعنوان رجوع لم يسجّله.
err-oidc-id-token = أرسل التطبيق رمز ID لم تُصدره هذه الخدمة.
err-oidc-two-clients = ذكر التطبيق عميلين مختلفين.
err-oidc-return = طلب التطبيق الرجوع إلى عنوان لم يسجّله.
err-oidc-invalid = طلب تسجيل الدخول غير صالح.
notice-admin-locked = تم قفل { $name } حتى { $time } وتسجيل خروجه من كل مكان.

## Invitations and pre-authorized emails
err-invite-username-email = اسم المستخدم الذي هو عنوان بريد إلكتروني يجب أن يكون عنوان البريد الإلكتروني الذي أُرسلت إليه الدعوة
err-invite-has-account = لهذا البريد الإلكتروني حساب بالفعل ({ $username }): لا حاجة إلى دعوة
err-invite-email-is-username = هذا البريد الإلكتروني هو اسم المستخدم لحساب موجود
err-invite-account-exists = يوجد بالفعل حساب بهذا البريد الإلكتروني: سجّل الدخول، أو استخدم «هل نسيت كلمة المرور؟»
err-invite-username-taken-used = اسم المستخدم مستخدم بالفعل، وقد استُخدم هذا الرابط الآن: اطلب دعوة جديدة
err-no-password = لم يتم إدخال كلمة المرور
err-pre-on-list = هذا البريد الإلكتروني موجود في القائمة بالفعل
notice-pre-not-on-list = لم يكن هذا البريد الإلكتروني في القائمة.
err-invite-mail-failed = تعذّر إرسال رسالة الدعوة، لذا لا توجد دعوة معلّقة. تحقّق من إعدادات البريد وحاول مرة أخرى.
notice-invite-sent = يجري إرسال دعوة إلى { $email }.
notice-invite-revoked = تم إلغاء الدعوة المرسلة إلى { $email }: لم يعد رابطها يعمل.
notice-invite-not-pending = لم تعد هذه الدعوة معلّقة (استُخدمت أو أُلغيت أو انتهت صلاحيتها).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = لم يعد ذلك المتصفح محفوظًا.
notice-browser-forgotten = تم نسيان ذلك المتصفح وتسجيل خروجه.
notice-this-browser-forgotten = تم نسيان هذا المتصفح: ستحتاج إلى كلمة المرور في المرة القادمة.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = لم تتم إزالة مفتاح المرور: كلمة المرور غير صحيحة. إنه آخر عامل ثانٍ لديك، لذا يلزم إدخال كلمة المرور.
