/**
 * What the demo's customers and agents write, in the language of each demo contact (English,
 * Simplified and Traditional Chinese, Russian, Kazakh). One script per topic: the customer's
 * opening, the agent's answer, a follow-up and its answer, and the customer's rating comments.
 */

export type DemoLanguage = 'en' | 'zh-Hans' | 'zh-Hant' | 'ru' | 'kk';
export const DEMO_TOPICS = ['billing', 'export', 'login', 'feature', 'integration'] as const;
export type DemoTopic = (typeof DEMO_TOPICS)[number];

export interface Script {
  /** The e-mail subject (e-mail conversations). */
  subject: string;
  opening: string;
  answer: string;
  followUp: string;
  followUpAnswer: string;
  /** The customer writing again after the close (a reopen). */
  again: string;
  praise: string;
  complaint: string;
}

/** Demo contacts carry Segment-style locales; the texts are per written language. */
export function languageOf(locale: string | null): DemoLanguage {
  if (locale === 'zh-CN') return 'zh-Hans';
  if (locale === 'zh-TW') return 'zh-Hant';
  if (locale === 'ru' || locale === 'kk') return locale;
  return 'en';
}

export const SCRIPTS: Record<DemoTopic, Record<DemoLanguage, Script>> = {
  billing: {
    en: {
      subject: 'Charged twice this month',
      opening: 'Hi, I was charged twice for this month. Can you refund one of the payments?',
      answer: 'Sorry about that! I refunded the second charge; it will be back on your card in 3–5 business days.',
      followUp: 'Thanks. Will the invoice be corrected too?',
      followUpAnswer: 'Yes, the corrected invoice is in Settings → Billing now.',
      again: 'The refund has not arrived yet, could you check?',
      praise: 'Quick and friendly, thank you!',
      complaint: 'It took too long to get an answer about my money.',
    },
    'zh-Hans': {
      subject: '本月被重复扣费',
      opening: '您好，这个月我被扣了两次费用，能退还其中一笔吗？',
      answer: '非常抱歉！第二笔扣款已为您退回，3–5 个工作日内会回到您的卡上。',
      followUp: '谢谢。发票也会一起更正吗？',
      followUpAnswer: '会的，更正后的发票已经在“设置 → 账单”里了。',
      again: '退款还没有到账，能帮我查一下吗？',
      praise: '回复很快，态度也很好，谢谢！',
      complaint: '关于扣费的问题等了太久才有人回复。',
    },
    'zh-Hant': {
      subject: '本月被重複扣款',
      opening: '您好，這個月我被扣了兩次款，可以退還其中一筆嗎？',
      answer: '非常抱歉！第二筆扣款已經退回，3–5 個工作天內會回到您的卡上。',
      followUp: '謝謝。發票也會一併更正嗎？',
      followUpAnswer: '會的，更正後的發票已經在「設定 → 帳單」裡了。',
      again: '退款還沒有入帳，可以幫我查一下嗎？',
      praise: '回覆很快又親切，謝謝！',
      complaint: '扣款的問題等了太久才有人回覆。',
    },
    ru: {
      subject: 'Двойное списание за месяц',
      opening: 'Здравствуйте! С меня дважды списали оплату за этот месяц. Можно вернуть один платёж?',
      answer: 'Извините за это! Второе списание я вернула, деньги придут на карту за 3–5 рабочих дней.',
      followUp: 'Спасибо. А счёт тоже исправят?',
      followUpAnswer: 'Да, исправленный счёт уже в разделе «Настройки → Оплата».',
      again: 'Возврат так и не пришёл, проверьте, пожалуйста.',
      praise: 'Быстро и вежливо, спасибо!',
      complaint: 'Слишком долго ждал ответа по поводу своих денег.',
    },
    kk: {
      subject: 'Осы айда екі рет ақша алынды',
      opening: 'Сәлеметсіз бе! Осы айдың төлемі екі рет алынды. Біреуін қайтара аласыз ба?',
      answer: 'Кешіріңіз! Екінші төлемді қайтардым, ақша 3–5 жұмыс күнінде картаңызға түседі.',
      followUp: 'Рахмет. Шот-фактура да түзетіле ме?',
      followUpAnswer: 'Иә, түзетілген шот «Баптаулар → Төлем» бөлімінде тұр.',
      again: 'Ақша әлі қайтқан жоқ, тексеріп беріңізші.',
      praise: 'Жылдам әрі сыпайы, рахмет!',
      complaint: 'Ақша туралы жауапты тым ұзақ күттім.',
    },
  },
  export: {
    en: {
      subject: 'CSV export stuck at 90%',
      opening: 'My CSV export has been stuck at 90% for ten minutes. Is something broken?',
      answer: 'Large exports finish in the background: you will get an e-mail with the file within a few minutes.',
      followUp: 'Got the e-mail, but the file has only half of my projects.',
      followUpAnswer: 'That is a known bug with archived projects; I sent you the full file by hand and linked your report to the fix.',
      again: 'The export stalled again today.',
      praise: 'Solved in minutes, great support.',
      complaint: 'The export is still unreliable.',
    },
    'zh-Hans': {
      subject: 'CSV 导出卡在 90%',
      opening: '我的 CSV 导出已经卡在 90% 十分钟了，是出问题了吗？',
      answer: '大的导出会在后台完成，几分钟内您会收到带文件的邮件。',
      followUp: '收到邮件了，但文件里只有一半的项目。',
      followUpAnswer: '这是归档项目的已知问题，我已手动把完整文件发给您，并把您的反馈关联到修复上。',
      again: '今天导出又卡住了。',
      praise: '几分钟就解决了，支持很棒。',
      complaint: '导出功能还是不稳定。',
    },
    'zh-Hant': {
      subject: 'CSV 匯出卡在 90%',
      opening: '我的 CSV 匯出已經卡在 90% 十分鐘了，是壞掉了嗎？',
      answer: '大型匯出會在背景完成，幾分鐘內您會收到附檔案的電子郵件。',
      followUp: '收到郵件了，但檔案裡只有一半的專案。',
      followUpAnswer: '這是封存專案的已知問題，我已手動寄給您完整檔案，並把您的回報連結到修正上。',
      again: '今天匯出又卡住了。',
      praise: '幾分鐘就解決了，很棒的支援。',
      complaint: '匯出功能還是不穩定。',
    },
    ru: {
      subject: 'Экспорт CSV завис на 90%',
      opening: 'Экспорт в CSV уже десять минут стоит на 90%. Что-то сломалось?',
      answer: 'Большие выгрузки завершаются в фоне: письмо с файлом придёт через несколько минут.',
      followUp: 'Письмо пришло, но в файле только половина проектов.',
      followUpAnswer: 'Это известная ошибка с архивными проектами. Я отправила полный файл вручную и привязала ваш запрос к исправлению.',
      again: 'Сегодня экспорт снова завис.',
      praise: 'Решили за пару минут, отличная поддержка.',
      complaint: 'Экспорт по-прежнему работает ненадёжно.',
    },
    kk: {
      subject: 'CSV экспорты 90%-да тұрып қалды',
      opening: 'CSV экспорты он минуттан бері 90%-да тұр. Бірдеңе бұзылды ма?',
      answer: 'Үлкен экспорт фонда аяқталады: файлы бар хат бірнеше минутта келеді.',
      followUp: 'Хат келді, бірақ файлда жобалардың жартысы ғана бар.',
      followUpAnswer: 'Бұл мұрағаттағы жобаларға қатысты белгілі қате. Толық файлды қолмен жібердім, өтінішіңізді түзетуге байланыстырдым.',
      again: 'Бүгін экспорт тағы тұрып қалды.',
      praise: 'Бірнеше минутта шешілді, керемет қолдау.',
      complaint: 'Экспорт әлі де сенімсіз жұмыс істейді.',
    },
  },
  login: {
    en: {
      subject: 'Cannot sign in with Google',
      opening: 'I cannot sign in with Google anymore, it says my account is not found.',
      answer: 'Your workspace switched to SSO yesterday; please use "Sign in with SSO" and your work e-mail.',
      followUp: 'That worked. Can my teammates keep their passwords?',
      followUpAnswer: 'Admins can allow passwords next to SSO in Settings → Security.',
      again: 'I am locked out again after changing my e-mail.',
      praise: 'Clear answer, I was back in right away.',
      complaint: 'I lost half a day because of this.',
    },
    'zh-Hans': {
      subject: '无法用 Google 登录',
      opening: '我无法再用 Google 登录了，提示找不到我的账号。',
      answer: '您的工作区昨天切换到了 SSO，请使用“通过 SSO 登录”并输入工作邮箱。',
      followUp: '可以了。我的同事还能继续用密码吗？',
      followUpAnswer: '管理员可以在“设置 → 安全”中允许在 SSO 之外继续使用密码。',
      again: '改了邮箱之后我又登录不上了。',
      praise: '回答清楚，我马上就登录了。',
      complaint: '因为这个问题我浪费了半天。',
    },
    'zh-Hant': {
      subject: '無法用 Google 登入',
      opening: '我沒辦法再用 Google 登入了，畫面說找不到我的帳號。',
      answer: '您的工作區昨天改用 SSO 了，請使用「以 SSO 登入」並輸入公司信箱。',
      followUp: '可以了。我的同事還能繼續用密碼嗎？',
      followUpAnswer: '管理員可以在「設定 → 安全性」中允許同時使用密碼與 SSO。',
      again: '改了信箱之後我又登入不了了。',
      praise: '回答清楚，我馬上就登入了。',
      complaint: '因為這個問題浪費了我半天。',
    },
    ru: {
      subject: 'Не получается войти через Google',
      opening: 'Не могу войти через Google: пишет, что аккаунт не найден.',
      answer: 'Вчера ваше пространство перешло на SSO. Нажмите «Войти через SSO» и укажите рабочую почту.',
      followUp: 'Получилось. А коллеги смогут входить по паролю?',
      followUpAnswer: 'Администратор может разрешить пароли наряду с SSO в разделе «Настройки → Безопасность».',
      again: 'После смены почты снова не могу войти.',
      praise: 'Понятный ответ, сразу смог войти.',
      complaint: 'Потерял из-за этого полдня.',
    },
    kk: {
      subject: 'Google арқылы кіре алмаймын',
      opening: 'Google арқылы кіре алмай жүрмін, аккаунт табылмады деп жазады.',
      answer: 'Кеше жұмыс кеңістігіңіз SSO-ға көшті. «SSO арқылы кіру» батырмасын басып, жұмыс поштаңызды енгізіңіз.',
      followUp: 'Болды. Әріптестерім құпиясөзбен кіре бере ме?',
      followUpAnswer: 'Әкімші «Баптаулар → Қауіпсіздік» бөлімінде SSO-мен қатар құпиясөзге рұқсат бере алады.',
      again: 'Поштамды ауыстырғаннан кейін қайтадан кіре алмаймын.',
      praise: 'Түсінікті жауап, бірден кірдім.',
      complaint: 'Осының кесірінен жарты күнім кетті.',
    },
  },
  feature: {
    en: {
      subject: 'Dark mode?',
      opening: 'Is there a dark mode? I work late and the white screen hurts my eyes.',
      answer: 'Not yet, but many customers ask for it: I added your vote to the dark mode request.',
      followUp: 'Great. A Gantt view would be nice too.',
      followUpAnswer: 'Noted! I linked this conversation to the Gantt chart request as well.',
      again: 'Any news on dark mode?',
      praise: 'Nice to be heard, thanks.',
      complaint: 'I expected this to exist already.',
    },
    'zh-Hans': {
      subject: '有深色模式吗？',
      opening: '有深色模式吗？我经常加班，白色界面太刺眼了。',
      answer: '暂时还没有，不过很多客户都提过，我已经把您的投票加到深色模式的需求里了。',
      followUp: '太好了。要是有甘特图视图就更好了。',
      followUpAnswer: '记下了！我也把这次对话关联到了甘特图的需求。',
      again: '深色模式有进展了吗？',
      praise: '意见被认真对待，谢谢。',
      complaint: '我以为早就有这个功能了。',
    },
    'zh-Hant': {
      subject: '有深色模式嗎？',
      opening: '有深色模式嗎？我常常加班，白色畫面很刺眼。',
      answer: '目前還沒有，不過很多客戶都有提出，我已經把您的投票加到深色模式的需求了。',
      followUp: '太好了。如果有甘特圖檢視就更好了。',
      followUpAnswer: '記下了！我也把這次對話連結到甘特圖的需求。',
      again: '深色模式有進度了嗎？',
      praise: '意見有被聽見，謝謝。',
      complaint: '我以為早就有這個功能了。',
    },
    ru: {
      subject: 'Есть ли тёмная тема?',
      opening: 'Есть ли тёмная тема? Работаю по вечерам, белый экран режет глаза.',
      answer: 'Пока нет, но её просят многие. Я добавила ваш голос к запросу на тёмную тему.',
      followUp: 'Отлично. Ещё бы диаграмму Ганта.',
      followUpAnswer: 'Записала! Этот разговор я привязала и к запросу на диаграмму Ганта.',
      again: 'Есть новости по тёмной теме?',
      praise: 'Приятно, что прислушиваются, спасибо.',
      complaint: 'Думал, это давно уже есть.',
    },
    kk: {
      subject: 'Қараңғы тақырып бар ма?',
      opening: 'Қараңғы тақырып бар ма? Кешке жұмыс істеймін, ақ экран көзді ауыртады.',
      answer: 'Әзірге жоқ, бірақ көп клиент сұрайды. Дауысыңызды қараңғы тақырып өтінішіне қостым.',
      followUp: 'Керемет. Гант диаграммасы да болса жақсы болар еді.',
      followUpAnswer: 'Жазып алдым! Бұл сөйлесуді Гант диаграммасы өтінішіне де байланыстырдым.',
      again: 'Қараңғы тақырып бойынша жаңалық бар ма?',
      praise: 'Пікірімді тыңдағандарыңызға рахмет.',
      complaint: 'Бұл мүмкіндік бұрыннан бар деп ойлағанмын.',
    },
  },
  integration: {
    en: {
      subject: 'Slack notifications stopped',
      opening: 'Our Slack channel stopped getting task updates since Monday.',
      answer: 'Slack revoked the connection after a permission change; reconnecting it in Settings → Integrations fixes it.',
      followUp: 'Reconnected, but the updates come an hour late.',
      followUpAnswer: 'We found a delay in our Slack queue and fixed it; updates should be instant again.',
      again: 'Slack updates are delayed again.',
      praise: 'Fixed fast, thanks team!',
      complaint: 'We missed important updates for days.',
    },
    'zh-Hans': {
      subject: 'Slack 通知停了',
      opening: '从周一开始，我们的 Slack 频道就收不到任务更新了。',
      answer: 'Slack 在权限变更后撤销了连接，在“设置 → 集成”里重新连接即可。',
      followUp: '重新连接了，但更新要晚一个小时才到。',
      followUpAnswer: '我们发现 Slack 队列有延迟，已经修复，更新应该恢复即时了。',
      again: 'Slack 更新又延迟了。',
      praise: '修得很快，谢谢团队！',
      complaint: '我们好几天都错过了重要更新。',
    },
    'zh-Hant': {
      subject: 'Slack 通知停了',
      opening: '從星期一開始，我們的 Slack 頻道就收不到任務更新了。',
      answer: 'Slack 在權限變更後撤銷了連線，到「設定 → 整合」重新連線就可以了。',
      followUp: '重新連線了，但更新晚了一個小時才到。',
      followUpAnswer: '我們發現 Slack 佇列有延遲，已經修正，更新應該恢復即時了。',
      again: 'Slack 更新又延遲了。',
      praise: '修得很快，謝謝團隊！',
      complaint: '我們好幾天都錯過重要更新。',
    },
    ru: {
      subject: 'Перестали приходить уведомления в Slack',
      opening: 'С понедельника в наш канал Slack не приходят обновления задач.',
      answer: 'Slack отозвал подключение после смены прав. Переподключите его в разделе «Настройки → Интеграции».',
      followUp: 'Переподключили, но обновления приходят с опозданием на час.',
      followUpAnswer: 'Мы нашли задержку в очереди Slack и исправили её: обновления снова приходят сразу.',
      again: 'Обновления в Slack снова опаздывают.',
      praise: 'Быстро починили, спасибо команде!',
      complaint: 'Мы несколько дней пропускали важные обновления.',
    },
    kk: {
      subject: 'Slack хабарламалары тоқтап қалды',
      opening: 'Дүйсенбіден бері Slack арнамызға тапсырма жаңартулары келмейді.',
      answer: 'Рұқсаттар өзгергеннен кейін Slack қосылымды тоқтатты. «Баптаулар → Интеграциялар» бөлімінде қайта қосыңыз.',
      followUp: 'Қайта қостық, бірақ жаңартулар бір сағат кешігіп келеді.',
      followUpAnswer: 'Slack кезегіндегі кідірісті тауып, түзеттік: жаңартулар қайтадан бірден келеді.',
      again: 'Slack жаңартулары тағы кешігіп жатыр.',
      praise: 'Тез түзеттіңіздер, командаға рахмет!',
      complaint: 'Бірнеше күн маңызды жаңартуларды өткізіп алдық.',
    },
  },
};
