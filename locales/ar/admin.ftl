# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = المستخدمون
admin-search = بحث
admin-search-help = جزء من اسم المستخدم أو الاسم أو البريد الإلكتروني.
admin-role = الدور
admin-status = الحالة
admin-status-any = الكل
admin-status-active = نشط
admin-status-locked = مقفل
admin-status-guest = ضيف
admin-status-second-factor = لديه عامل ثانٍ
admin-sort-by = الفرز حسب
admin-sort-username = اسم المستخدم
admin-sort-name = الاسم
admin-sort-email = البريد الإلكتروني
admin-order = الترتيب
admin-order-asc = تصاعدي
admin-order-desc = تنازلي
admin-count-none = لم يُعثر على أي مستخدم.
admin-count-empty-page = لا يوجد مستخدمون في هذه الصفحة؛ العدد الإجمالي: { $total }.
admin-count-range = المستخدمون { $first }–{ $last } من { $total }.
admin-table-caption = جميع المستخدمين، الصفحة { $page } من { $pages }
admin-col-username = اسم المستخدم
admin-col-name = الاسم
admin-col-email = البريد الإلكتروني
admin-col-roles = الأدوار
admin-col-status = الحالة
admin-pages = الصفحات
admin-previous-page = الصفحة السابقة
admin-next-page = الصفحة التالية
admin-page-of = الصفحة { $page } من { $pages }

## admin_sudo.html
admin-sudo-title = تأكيد هويتك
admin-sudo-lead-password = قبل إجراء تغييرات على المستخدمين، أدخل كلمة المرور مرة أخرى. ستتمكن بعدها من إجراء التغييرات لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
admin-sudo-lead-code = قبل إجراء تغييرات على المستخدمين، أدخل رمز العامل الثاني مرة أخرى. ستتمكن بعدها من إجراء التغييرات لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
admin-open-until = يمكنك إجراء التغييرات حتى { $time }.
admin-sudo-password = كلمة المرور
admin-sudo-or-code = أو رمز من تطبيق المصادقة
admin-sudo-code = الرمز
admin-sudo-confirm = تأكيد
admin-back-to-users = العودة إلى المستخدمين

## admin_user.html
admin-user-title = { $username } · المستخدمون
admin-user-locked-until = مقفل حتى { $time }
admin-user-active = نشط
admin-user-sign-in = تسجيل الدخول
admin-user-guest = ضيف (عبر موفّر هوية)
admin-user-password = كلمة المرور
admin-user-ask-first = ستُطلب منك كلمة المرور قبل أول تغيير.
admin-details-title = البيانات
admin-first-name = الاسم الأول
admin-last-name = اسم العائلة
admin-email = البريد الإلكتروني
admin-save-details = حفظ البيانات
admin-roles-title = الأدوار
admin-roles-help = افصل بينها بفواصل.
admin-save-roles = حفظ الأدوار
admin-access-title = الوصول
admin-unlock = إلغاء القفل
admin-lock-until = القفل حتى (UTC)
admin-lock-help = يُسجَّل خروج المستخدم من كل مكان، ولا يمكنه تسجيل الدخول حتى ذلك الوقت.
admin-lock = قفل
admin-send-reset = إرسال رابط إعادة تعيين كلمة المرور
admin-log-out-everywhere = تسجيل الخروج من كل مكان
admin-reset-second-factors = إعادة تعيين العوامل الثانية
admin-delete-title = حذف المستخدم
admin-delete-confirm = اكتب اسم المستخدم للتأكيد
admin-delete-help = لا يمكن التراجع عن حذف { $username }.
admin-delete-button = حذف المستخدم

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = تم تسجيل الخروج من كل مكان ({ $count ->
    [zero] لا توجد جلسات
    [one] جلسة واحدة
    [two] جلستان
    [few] { $count } جلسات
    [many] { $count } جلسةً
   *[other] { $count } جلسة
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = نشط
admin-row-locked-until = مقفل حتى { $time }
admin-row-guest = ضيف
admin-row-second-factor = عامل ثانٍ

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = الدعوات
admin-pre-authorized-link = عناوين البريد المصرّح بها مسبقًا
admin-invitations-title = الدعوات
admin-invitations-lead = يتلقى الشخص المدعو رابطًا يعمل مرة واحدة، لمدة { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}، يختار فيه كلمة المرور (واسم المستخدم، ما لم تختره أنت هنا). يعمل ذلك حتى عندما يكون التسجيل مغلقًا.
admin-invitations-username = اسم المستخدم (اختياري)
admin-invitations-username-help = اتركه فارغًا ليختاره الشخص بنفسه.
admin-invitations-send = إرسال الدعوة
admin-invitations-pending = الدعوات المعلّقة
admin-invitations-none = لا توجد دعوات معلّقة.
admin-invitations-col-sent-by = المُرسِل
admin-invitations-col-expires = تنتهي في
admin-invitations-col-action = الإجراء
admin-invitations-chosen-by-them = يختاره المدعو
admin-invitations-revoke = إلغاء
admin-invitations-revoke-label = إلغاء الدعوة المرسلة إلى { $email }
admin-pre-title = عناوين البريد المصرّح بها مسبقًا
admin-pre-closed-html = التسجيل مغلق (<code>register.enabled: false</code>): لا تسمح هذه القائمة لأحد بالتسجيل حتى يُفتح التسجيل. استخدم دعوة بدلًا من ذلك.
admin-pre-no-list-html = لا توجد قائمة: ما دام التسجيل مفتوحًا، يمكن لأي شخص التسجيل (مع مراعاة <code>register.domains</code>). تؤدي إضافة بريد إلكتروني إلى إنشاء قائمة، وبعدها لا يمكن التسجيل إلا لعناوين البريد الموجودة فيها.
admin-pre-list-lead = لا يمكن التسجيل إلا لعناوين البريد هذه؛ ويُحذف كل عنوان من القائمة عند تسجيله. القائمة الفارغة لا تسمح لأحد بالتسجيل.
admin-pre-add = إضافة
admin-pre-on-list = في القائمة
admin-pre-empty = القائمة فارغة: لا يمكن لأحد التسجيل.
admin-pre-remove = إزالة
admin-pre-remove-label = إزالة { $email }
admin-pre-none = لا توجد قائمة.

## Audit log page
admin-audit-link = سجل التدقيق
admin-audit-title = سجل التدقيق
admin-audit-off-html = سجل التدقيق ليس ملفًا يستطيع هذا الخادم قراءته (<code>audit_log</code> معطّل أو مضبوط على <code>stdout</code>)، لذا لا يوجد ما يُعرض هنا. اضبط <code>audit_log</code> على مسار ملف لعرض الأحداث في هذه الصفحة.
admin-audit-user = المستخدم
admin-audit-user-help = الأحداث التي قام بها اسم المستخدم هذا أو التي تخصّه.
admin-audit-event = الحدث
admin-audit-filter = تصفية
admin-audit-none = لم يُعثر على أي أحداث.
admin-audit-none-here = لم يُعثر على أي أحداث في هذا الجزء من السجل.
admin-audit-count = { $count ->
    [zero] { $count } حدث، الأحدث أولًا.
    [one] حدث واحد، الأحدث أولًا.
    [two] حدثان، الأحدث أولًا.
    [few] { $count } أحداث، الأحدث أولًا.
    [many] { $count } حدثًا، الأحدث أولًا.
   *[other] { $count } حدث، الأحدث أولًا.
}
admin-audit-count-older = { $count ->
    [zero] { $count } حدث أقدم من الصفحة السابقة، الأحدث أولًا.
    [one] حدث واحد أقدم من الصفحة السابقة، الأحدث أولًا.
    [two] حدثان أقدم من الصفحة السابقة، الأحدث أولًا.
    [few] { $count } أحداث أقدم من الصفحة السابقة، الأحدث أولًا.
    [many] { $count } حدثًا أقدم من الصفحة السابقة، الأحدث أولًا.
   *[other] { $count } حدث أقدم من الصفحة السابقة، الأحدث أولًا.
}
admin-audit-unreadable = { $count ->
    [zero] تم تخطي { $count } سطر غير قابل للقراءة.
    [one] تم تخطي سطر واحد غير قابل للقراءة.
    [two] تم تخطي سطرين غير قابلين للقراءة.
    [few] تم تخطي { $count } أسطر غير قابلة للقراءة.
    [many] تم تخطي { $count } سطرًا غير قابل للقراءة.
   *[other] تم تخطي { $count } سطر غير قابل للقراءة.
}
admin-audit-caption = أحداث التدقيق، الأحدث أولًا
admin-audit-col-time = الوقت (UTC)
admin-audit-col-by = المنفِّذ
admin-audit-col-address = العنوان
admin-audit-col-outcome = النتيجة
admin-audit-newest = أحدث الأحداث
admin-audit-older = أحداث أقدم
admin-audit-further = البحث في فترة أقدم

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = ضيف (عبر موفّر هوية)، مع عامل ثانٍ
admin-user-password-second-factor = كلمة المرور مع عامل ثانٍ
