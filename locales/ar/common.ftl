# What every page shares: the header, the language menu, form alerts, the captcha.

# The language's own name, as the language menu shows it.
language-name = العربية
# The label of the language menu.
language-menu = اللغة
# The button that applies the chosen language (shown only without JavaScript).
language-apply = تغيير اللغة

skip-to-content = الانتقال إلى المحتوى
# aria-label of the signed-in header navigation.
nav-account = الحساب
nav-admin = الإدارة

form-alert-correct = يُرجى تصحيح الحقول المشار إليها أدناه.
captcha-alt = كابتشا: الأحرف المطلوب كتابتها أدناه

signed-in-as-html = لقد سجّلت الدخول باسم <strong>{ $name }</strong>.
signed-in-as-with-username-html = لقد سجّلت الدخول باسم <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = اطلب إذن الوصول من أحد المسؤولين، أو سجّل الدخول بحساب آخر.
switch-account = تبديل الحساب
your-account = حسابك
back-to-sign-in = العودة إلى تسجيل الدخول
forgot-username-question = هل نسيت اسم المستخدم؟
forgot-password-question = هل نسيت كلمة المرور؟
sign-in = تسجيل الدخول
cancel = إلغاء
request-id = معرّف الطلب:
go-home = الانتقال إلى الصفحة الرئيسية
access-denied = تم رفض الوصول
roles-list-separator = ،{" "}

# Titles of error pages, by HTTP status.
http-400 = طلب غير صالح
http-403 = الوصول ممنوع
http-404 = غير موجود
http-405 = الطريقة غير مسموح بها
http-408 = انتهت مهلة الطلب
http-413 = حجم الطلب كبير جدًا
http-415 = نوع الوسائط غير مدعوم
http-422 = تعذّرت معالجة الطلب
http-429 = طلبات كثيرة جدًا
http-500 = خطأ داخلي في الخادم
http-502 = بوابة غير صالحة
http-503 = الخدمة غير متاحة
http-504 = انتهت مهلة البوابة

# Texts of the page scripts (static/*.js), handed to them in data- attributes.
js-show = إظهار
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = إظهار كلمة المرور
js-server-error = تعذّر على الخادم الرد الآن. يُرجى المحاولة مرة أخرى.
js-passkey-cancelled = تم إلغاء طلب مفتاح المرور أو انتهت مهلته. يُرجى المحاولة مرة أخرى.
js-passkey-taken = مفتاح المرور هذا مسجّل بالفعل.
js-passkey-refused = لم يُقبل مفتاح المرور.
js-passkey-waiting = في انتظار مفتاح المرور…

# Dates and times, always in UTC (day/month/year, Western digits).
# Lists, session times, lock times: "07/12/2026 14:00 UTC".
datetime-minute = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
# Since when an authenticator app is enabled.
datetime-iso = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
# Times in mails ("في ...").
datetime-mail = { $day }/{ $month }/{ $year } الساعة { $hour }:{ $minute } UTC
