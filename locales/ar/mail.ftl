# The mails (src/mail/messages.rs, templates/mail/). Plain text: no markup.
# $name is the greeted person's name.

mail-hello = مرحبًا { $name }،
# Greets a person whose name is not known.
mail-hello-anonymous = مرحبًا،
mail-link-fallback = إذا لم يعمل الرابط، فانسخ هذا العنوان والصقه في متصفحك:
mail-not-you = إذا لم تطلب ذلك، يمكنك تجاهل هذه الرسالة: لم يتغير شيء.
mail-not-you-reset = إذا لم تكن أنت من قام بذلك، فأعد تعيين كلمة المرور الآن عبر «هل نسيت كلمة المرور؟» في صفحة تسجيل الدخول، وأبلغ المسؤول.

mail-reset-subject = إعادة تعيين كلمة المرور
mail-reset-body = طلب شخص ما (نأمل أن تكون أنت) إعادة تعيين كلمة مرور حسابك. يعمل الرابط أدناه مرة واحدة، لمدة { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقةً
   *[other] { $minutes } دقيقة
}؛ وإذا طلبت رابطًا جديدًا يصبح هذا الرابط غير صالح.
mail-reset-hint = تلميح كلمة المرور الذي حفظته هو: { $hint }
mail-reset-link = اختيار كلمة مرور جديدة

mail-two-factor-subject = تم تغيير إعدادات تسجيل الدخول
mail-two-factor-body = { $what } يمكنك الاطلاع على العوامل الثانية في صفحة «المصادقة الثنائية» في حسابك.
mail-two-factor-app-added = تمت إضافة تطبيق مصادقة إلى حسابك.
mail-two-factor-codes-renewed = تم إنشاء رموز استرداد جديدة لحسابك؛ ولم تعد الرموز القديمة صالحة.
mail-two-factor-removed = تمت إزالة تطبيق المصادقة ورموز الاسترداد من حسابك.
mail-two-factor-recovery-used = تم استخدام رمز استرداد لتسجيل الدخول.
mail-two-factor-admin-reset = أزال أحد المسؤولين العوامل الثانية لحسابك (تطبيق المصادقة ورموز الاسترداد ومفاتيح المرور).
mail-two-factor-admin-reset-cli = أزال أحد المسؤولين العوامل الثانية لحسابك (تطبيق المصادقة ورموز الاسترداد).

mail-password-changed-subject = تم تغيير كلمة المرور
mail-password-changed-body = تم تغيير كلمة مرور حسابك في { $when }. وتم تسجيل الخروج من جميع الجلسات الأخرى.

mail-passkey-added-subject = تمت إضافة مفتاح مرور إلى حسابك
mail-passkey-removed-subject = تمت إزالة مفتاح مرور من حسابك
mail-passkey-added-body = تمت إضافة مفتاح مرور إلى حسابك في { $when }.
mail-passkey-added-named-body = تمت إضافة مفتاح مرور باسم «{ $passkey }» إلى حسابك في { $when }.
mail-passkey-removed-body = تمت إزالة مفتاح مرور من حسابك في { $when }.
mail-passkey-removed-named-body = تمت إزالة مفتاح المرور المسمّى «{ $passkey }» من حسابك في { $when }.
mail-passkey-not-you = إذا لم تكن أنت من قام بذلك، فغيّر كلمة المرور الآن، وأزل مفاتيح المرور التي لا تعرفها من صفحة المصادقة الثنائية في حسابك، وأبلغ المسؤول.

mail-username-subject = اسم المستخدم الخاص بك
mail-username-body = اسم المستخدم للحساب الذي يستخدم هذا العنوان هو: { $username }

mail-code-subject = رمز التحقق الخاص بك
mail-code-body = أدخل هذا الرمز من أجل { $purpose }. وهو صالح لمدة { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقةً
   *[other] { $minutes } دقيقة
} ويمكن استخدامه مرة واحدة.
mail-code-never-share = لا تعطِ هذا الرمز أبدًا لأي شخص يطلبه منك.
# What the code is for ($purpose above): completes "أدخل هذا الرمز من أجل ...".
mail-code-purpose-register = إكمال إنشاء حسابك
mail-code-purpose-email = تأكيد عنوان بريدك الإلكتروني الجديد

mail-email-changed-subject = تم تغيير عنوان بريدك الإلكتروني
mail-email-changed-body = تم تغيير عنوان البريد الإلكتروني لحسابك إلى { $email }.
mail-email-changed-other-body = تم تغيير عنوان البريد الإلكتروني لحسابك إلى عنوان آخر.
mail-email-changed-not-you = إذا لم تكن أنت من قام بذلك، فتواصل مع المسؤول فورًا.

mail-already-registered-subject = لديك حساب بالفعل
mail-already-registered-body = حاول شخص ما إنشاء حساب بعنوان البريد الإلكتروني هذا، لكنه مرتبط بحساب موجود بالفعل.
mail-already-registered-username = اسم المستخدم لهذا الحساب هو { $username }. إذا نسيت كلمة المرور، يمكنك اختيار كلمة مرور جديدة:
mail-already-registered-link = إعادة تعيين كلمة المرور

mail-invitation-subject = أنت مدعو لإنشاء حساب
mail-invitation-body = دعاك المسؤول { $by } إلى إنشاء حساب لهذا العنوان.
mail-invitation-link-days = يعمل الرابط أدناه مرة واحدة، لمدة { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}: اختر كلمة المرور هناك.
mail-invitation-link = إنشاء حسابك
mail-invitation-not-expected = إذا لم تكن تتوقع هذه الرسالة، يمكنك تجاهلها: لن يُنشأ أي حساب من دون الرابط.
