# The form texts that `fields:` can override: form-<page>-<label>.
# A label set in `fields:` wins over every language.

form-login-form-name = تسجيل الدخول
form-login-username = اسم المستخدم
form-login-password = كلمة المرور
form-login-captcha = كابتشا
form-login-login = تسجيل الدخول
form-login-sign-in-with-a-passkey = تسجيل الدخول باستخدام مفتاح المرور

form-logout-form-name = تسجيل الخروج
form-logout-logout = تسجيل الخروج

form-code-form-name = إدخال الرمز
form-code-code = الرمز
form-code-submit = إرسال
form-code-resend = إعادة الإرسال

form-register-form-name = إنشاء حساب
form-register-first-name = الاسم الأول
form-register-last-name = اسم العائلة
form-register-email = البريد الإلكتروني
form-register-username = اسم المستخدم
form-register-password = كلمة المرور
form-register-repeat-password = تأكيد كلمة المرور
form-register-password-hint = تلميح كلمة المرور
form-register-captcha = كابتشا
form-register-register = التسجيل

form-forgot_password-form-name = إعادة تعيين كلمة المرور
form-forgot_password-username = اسم المستخدم
form-forgot_password-captcha = كابتشا
form-forgot_password-submit = إرسال
form-forgot_password-new-password = كلمة المرور الجديدة
form-forgot_password-repeat-password = تأكيد كلمة المرور
form-forgot_password-reset = إعادة التعيين

form-forgot_username-form-name = البحث عن اسم المستخدم
form-forgot_username-email = البريد الإلكتروني
form-forgot_username-captcha = كابتشا
form-forgot_username-submit = إرسال

form-change_password-form-name = تغيير كلمة المرور
form-change_password-current-password = كلمة المرور الحالية
form-change_password-new-password = كلمة المرور الجديدة
form-change_password-repeat-password = تأكيد كلمة المرور
form-change_password-reset = تغيير

form-account-form-name = بيانات الحساب
form-account-first-name = الاسم الأول
form-account-last-name = اسم العائلة
form-account-email = البريد الإلكتروني
form-account-current-password = كلمة المرور الحالية
form-account-update = تحديث

form-oauth-form-name = تسجيل الدخول كضيف
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = المصادقة الثنائية
form-two_factor_setup-code = الرمز
form-two_factor_setup-enable = تفعيل
form-two_factor_setup-current-password = كلمة المرور الحالية
form-two_factor_setup-remove = إزالة
form-two_factor_setup-new-recovery-codes = رموز استرداد جديدة

form-two_factor_login-form-name = الخطوة الثانية
form-two_factor_login-code = الرمز
form-two_factor_login-verify = التحقق
form-two_factor_login-use-a-passkey = استخدام مفتاح المرور
