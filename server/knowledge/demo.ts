import type { ArticleCreate, CollectionCreate } from '../../contracts/knowledge.ts';
import type { Articles } from './articles.ts';
import type { createCollections } from './collections.ts';

/**
 * The demo workspace's Help Center: two collections and four published articles in English,
 * Simplified and Traditional Chinese, Russian and Kazakh, so the Help Center, its search and the
 * editor have real content on the first start.
 */

type L = 'en' | 'zh-Hans' | 'zh-Hant' | 'ru' | 'kk';
type Text = { title: string; description: string; body: string };

const COLLECTIONS: Record<'account' | 'billing', Record<L, { name: string; description: string }>> = {
  account: {
    en: { name: 'Account and team', description: 'Signing in, passwords and working with teammates.' },
    'zh-Hans': { name: '账户与团队', description: '登录、密码以及与同事协作。' },
    'zh-Hant': { name: '帳戶與團隊', description: '登入、密碼以及與同事協作。' },
    ru: { name: 'Аккаунт и команда', description: 'Вход, пароли и работа с коллегами.' },
    kk: { name: 'Аккаунт және команда', description: 'Кіру, құпия сөздер және әріптестермен жұмыс.' },
  },
  billing: {
    en: { name: 'Billing and data', description: 'Invoices, payment methods and exporting your data.' },
    'zh-Hans': { name: '账单与数据', description: '发票、付款方式以及导出数据。' },
    'zh-Hant': { name: '帳單與資料', description: '發票、付款方式以及匯出資料。' },
    ru: { name: 'Оплата и данные', description: 'Счета, способы оплаты и выгрузка данных.' },
    kk: { name: 'Төлем және деректер', description: 'Шоттар, төлем тәсілдері және деректерді экспорттау.' },
  },
};

const ARTICLES: { collection: keyof typeof COLLECTIONS; translations: Record<L, Text> }[] = [
  {
    collection: 'account',
    translations: {
      en: {
        title: 'Reset a forgotten password',
        description: 'Get a reset link by e-mail and choose a new password.',
        body: `Forgot your password? You can set a new one in a minute.

1. On the sign-in page, click **Forgot password?**
2. Enter the e-mail address you sign in with and click **Send reset link**.
3. Open the e-mail and click the link. It works once and expires after one hour.
4. Choose a new password of at least 10 characters.

> [!NOTE]
> Changing your password signs you out on every other device.

No e-mail after a few minutes? Check your spam folder, and make sure you typed the address you were invited with.`,
      },
      'zh-Hans': {
        title: '重置忘记的密码',
        description: '通过电子邮件获取重置链接并设置新密码。',
        body: `忘记密码了？一分钟就能设置新密码。

1. 在登录页面点击 **忘记密码？**
2. 输入您登录时使用的电子邮件地址，然后点击 **发送重置链接**。
3. 打开邮件并点击链接。链接只能使用一次，一小时后失效。
4. 设置一个至少 10 个字符的新密码。

> [!NOTE]
> 修改密码后，您在其他设备上的登录都会退出。

几分钟后仍未收到邮件？请检查垃圾邮件文件夹，并确认输入的是受邀时使用的地址。`,
      },
      'zh-Hant': {
        title: '重設忘記的密碼',
        description: '透過電子郵件取得重設連結並設定新密碼。',
        body: `忘記密碼了嗎？一分鐘就能設定新密碼。

1. 在登入頁面點選 **忘記密碼？**
2. 輸入您登入時使用的電子郵件地址，然後點選 **傳送重設連結**。
3. 開啟郵件並點選連結。連結只能使用一次，一小時後失效。
4. 設定一個至少 10 個字元的新密碼。

> [!NOTE]
> 變更密碼後，您在其他裝置上的登入都會登出。

幾分鐘後仍未收到郵件？請檢查垃圾郵件資料夾，並確認輸入的是受邀時使用的地址。`,
      },
      ru: {
        title: 'Сброс забытого пароля',
        description: 'Получите ссылку для сброса по почте и задайте новый пароль.',
        body: `Забыли пароль? Новый можно задать за минуту.

1. На странице входа нажмите **Забыли пароль?**
2. Введите адрес электронной почты, с которым вы входите, и нажмите **Отправить ссылку**.
3. Откройте письмо и перейдите по ссылке. Она работает один раз и действует один час.
4. Придумайте новый пароль не короче 10 символов.

> [!NOTE]
> После смены пароля вы выйдете из аккаунта на всех остальных устройствах.

Письма нет уже несколько минут? Проверьте папку «Спам» и убедитесь, что ввели адрес, на который пришло приглашение.`,
      },
      kk: {
        title: 'Ұмытылған құпия сөзді қалпына келтіру',
        description: 'Қалпына келтіру сілтемесін поштадан алып, жаңа құпия сөз орнатыңыз.',
        body: `Құпия сөзді ұмыттыңыз ба? Жаңасын бір минутта орнатуға болады.

1. Кіру бетінде **Құпия сөзді ұмыттыңыз ба?** түймесін басыңыз.
2. Кіретін электрондық пошта мекенжайыңызды енгізіп, **Сілтеме жіберу** түймесін басыңыз.
3. Хатты ашып, сілтемеге өтіңіз. Ол бір рет жұмыс істейді және бір сағаттан кейін жарамсыз болады.
4. Кемінде 10 таңбадан тұратын жаңа құпия сөз ойлап табыңыз.

> [!NOTE]
> Құпия сөзді өзгерткеннен кейін басқа құрылғылардың барлығында аккаунттан шығасыз.

Бірнеше минуттан кейін де хат келмеді ме? «Спам» қалтасын тексеріп, шақыру келген мекенжайды енгізгеніңізге көз жеткізіңіз.`,
      },
    },
  },
  {
    collection: 'account',
    translations: {
      en: {
        title: 'Invite teammates',
        description: 'Add colleagues to your workspace and choose what they can do.',
        body: `Owners and admins can invite people by e-mail.

1. Open **Settings → Team members**.
2. Enter your colleague's e-mail address and pick a role.
3. Click **Invite**. They get an e-mail with a link to join; the link is valid for seven days.

| Role | Can do |
| --- | --- |
| Agent | Answer customers, edit contacts and articles |
| Admin | Everything an agent can, plus settings, API keys and invitations |
| Owner | Everything, including making other owners |

> [!TIP]
> Invitation lost in a spam filter? Revoke it and send a new one from the same page.`,
      },
      'zh-Hans': {
        title: '邀请同事',
        description: '将同事添加到工作区并选择他们的权限。',
        body: `所有者和管理员可以通过电子邮件邀请成员。

1. 打开 **设置 → 团队成员**。
2. 输入同事的电子邮件地址并选择角色。
3. 点击 **邀请**。对方会收到一封带有加入链接的邮件，链接七天内有效。

| 角色 | 权限 |
| --- | --- |
| 客服 | 回复客户，编辑联系人和文章 |
| 管理员 | 客服的全部权限，以及设置、API 密钥和邀请 |
| 所有者 | 全部权限，包括指定其他所有者 |

> [!TIP]
> 邀请邮件被拦截了？在同一页面撤销后重新发送即可。`,
      },
      'zh-Hant': {
        title: '邀請同事',
        description: '將同事加入工作區並選擇他們的權限。',
        body: `擁有者和管理員可以透過電子郵件邀請成員。

1. 開啟 **設定 → 團隊成員**。
2. 輸入同事的電子郵件地址並選擇角色。
3. 點選 **邀請**。對方會收到一封附有加入連結的郵件，連結七天內有效。

| 角色 | 權限 |
| --- | --- |
| 客服 | 回覆客戶，編輯聯絡人和文章 |
| 管理員 | 客服的全部權限，以及設定、API 金鑰和邀請 |
| 擁有者 | 全部權限，包括指定其他擁有者 |

> [!TIP]
> 邀請郵件被攔截了？在同一頁面撤銷後重新傳送即可。`,
      },
      ru: {
        title: 'Приглашение коллег',
        description: 'Добавьте коллег в рабочее пространство и выберите их права.',
        body: `Владельцы и администраторы приглашают людей по электронной почте.

1. Откройте **Настройки → Участники команды**.
2. Введите адрес коллеги и выберите роль.
3. Нажмите **Пригласить**. Коллега получит письмо со ссылкой; она действует семь дней.

| Роль | Может |
| --- | --- |
| Агент | Отвечать клиентам, править контакты и статьи |
| Администратор | Всё, что агент, а также настройки, API-ключи и приглашения |
| Владелец | Всё, в том числе назначать других владельцев |

> [!TIP]
> Приглашение попало в спам? Отзовите его и отправьте новое на той же странице.`,
      },
      kk: {
        title: 'Әріптестерді шақыру',
        description: 'Әріптестерді жұмыс кеңістігіне қосып, олардың құқықтарын таңдаңыз.',
        body: `Иелер мен әкімшілер адамдарды электрондық пошта арқылы шақырады.

1. **Баптаулар → Команда мүшелері** бөлімін ашыңыз.
2. Әріптестің мекенжайын енгізіп, рөлін таңдаңыз.
3. **Шақыру** түймесін басыңыз. Әріптесіңізге сілтемесі бар хат келеді; сілтеме жеті күн жарамды.

| Рөл | Мүмкіндігі |
| --- | --- |
| Агент | Клиенттерге жауап беру, контактілер мен мақалаларды өңдеу |
| Әкімші | Агенттің барлық мүмкіндігі, сонымен қатар баптаулар, API кілттері және шақырулар |
| Иесі | Барлығы, соның ішінде басқа иелерді тағайындау |

> [!TIP]
> Шақыру спамға түсті ме? Оны сол беттен қайтарып алып, жаңасын жіберіңіз.`,
      },
    },
  },
  {
    collection: 'billing',
    translations: {
      en: {
        title: 'Download invoices and update billing details',
        description: 'Find past invoices, change the card and the company details on invoices.',
        body: `Every payment produces an invoice in PDF.

1. Open **Settings → Billing**.
2. Under **Invoices**, click the date of the invoice you need to download it.
3. To change what appears on future invoices (company name, address, VAT number), click **Edit billing details**.

To change the card, click **Payment method → Replace card**. The new card is charged from the next billing date.

> [!WARNING]
> Invoices already issued cannot be changed. Write to us if an old invoice needs correcting.`,
      },
      'zh-Hans': {
        title: '下载发票并更新账单信息',
        description: '查找历史发票，更换银行卡以及发票上的公司信息。',
        body: `每次付款都会生成一张 PDF 发票。

1. 打开 **设置 → 账单**。
2. 在 **发票** 下，点击所需发票的日期即可下载。
3. 如需修改今后发票上的信息（公司名称、地址、税号），请点击 **编辑账单信息**。

如需更换银行卡，请点击 **付款方式 → 更换银行卡**。新卡将从下一个账单日开始扣款。

> [!WARNING]
> 已开具的发票无法修改。如需更正旧发票，请联系我们。`,
      },
      'zh-Hant': {
        title: '下載發票並更新帳單資訊',
        description: '查詢過去的發票，更換信用卡以及發票上的公司資訊。',
        body: `每次付款都會產生一張 PDF 發票。

1. 開啟 **設定 → 帳單**。
2. 在 **發票** 下，點選所需發票的日期即可下載。
3. 如需修改日後發票上的資訊（公司名稱、地址、統一編號），請點選 **編輯帳單資訊**。

如需更換信用卡，請點選 **付款方式 → 更換信用卡**。新卡將從下一個帳單日開始扣款。

> [!WARNING]
> 已開立的發票無法修改。如需更正舊發票，請與我們聯絡。`,
      },
      ru: {
        title: 'Скачать счета и изменить платёжные данные',
        description: 'Где найти прошлые счета, как сменить карту и реквизиты в счетах.',
        body: `На каждый платёж выставляется счёт в PDF.

1. Откройте **Настройки → Оплата**.
2. В разделе **Счета** нажмите на дату нужного счёта, чтобы скачать его.
3. Чтобы изменить реквизиты в будущих счетах (название компании, адрес, ИНН), нажмите **Изменить платёжные данные**.

Чтобы сменить карту, нажмите **Способ оплаты → Заменить карту**. Новая карта будет списываться со следующей даты оплаты.

> [!WARNING]
> Уже выставленные счета изменить нельзя. Если старый счёт нужно исправить, напишите нам.`,
      },
      kk: {
        title: 'Шоттарды жүктеп алу және төлем деректерін өзгерту',
        description: 'Бұрынғы шоттарды табу, картаны және шоттағы компания деректерін өзгерту.',
        body: `Әр төлемге PDF форматындағы шот жасалады.

1. **Баптаулар → Төлем** бөлімін ашыңыз.
2. **Шоттар** бөлімінде қажетті шоттың күнін басып, оны жүктеп алыңыз.
3. Болашақ шоттардағы деректерді (компания атауы, мекенжай, БСН) өзгерту үшін **Төлем деректерін өңдеу** түймесін басыңыз.

Картаны ауыстыру үшін **Төлем тәсілі → Картаны ауыстыру** түймесін басыңыз. Жаңа картадан келесі төлем күнінен бастап ақша алынады.

> [!WARNING]
> Берілген шоттарды өзгерту мүмкін емес. Ескі шотты түзету қажет болса, бізге жазыңыз.`,
      },
    },
  },
  {
    collection: 'billing',
    translations: {
      en: {
        title: 'Export your data',
        description: 'Download contacts, companies and events as CSV files.',
        body: `You can take your data with you at any time.

1. Open **Contacts** or **Companies**.
2. Filter the list if you only need part of it.
3. Click **Export** and choose **CSV**. Large exports are prepared in the background and e-mailed to you as a link.

Developers can also read everything through the REST API:

\`\`\`sh
curl -H "Authorization: Bearer $API_KEY" https://baton.example.com/api/v1/contacts?limit=100
\`\`\`

> [!IMPORTANT]
> Export links contain personal data. Share them only with people allowed to see it.`,
      },
      'zh-Hans': {
        title: '导出数据',
        description: '将联系人、公司和事件下载为 CSV 文件。',
        body: `您可以随时带走自己的数据。

1. 打开 **联系人** 或 **公司**。
2. 如果只需要部分数据，请先筛选列表。
3. 点击 **导出** 并选择 **CSV**。数据量较大时会在后台准备，完成后通过邮件发送下载链接。

开发者也可以通过 REST API 读取全部数据：

\`\`\`sh
curl -H "Authorization: Bearer $API_KEY" https://baton.example.com/api/v1/contacts?limit=100
\`\`\`

> [!IMPORTANT]
> 导出链接包含个人数据，请只分享给有权查看的人。`,
      },
      'zh-Hant': {
        title: '匯出資料',
        description: '將聯絡人、公司和事件下載為 CSV 檔案。',
        body: `您可以隨時帶走自己的資料。

1. 開啟 **聯絡人** 或 **公司**。
2. 如果只需要部分資料，請先篩選清單。
3. 點選 **匯出** 並選擇 **CSV**。資料量較大時會在背景準備，完成後以郵件寄送下載連結。

開發者也可以透過 REST API 讀取全部資料：

\`\`\`sh
curl -H "Authorization: Bearer $API_KEY" https://baton.example.com/api/v1/contacts?limit=100
\`\`\`

> [!IMPORTANT]
> 匯出連結包含個人資料，請只分享給有權查看的人。`,
      },
      ru: {
        title: 'Выгрузка данных',
        description: 'Скачайте контакты, компании и события в виде CSV-файлов.',
        body: `Свои данные можно забрать в любой момент.

1. Откройте **Контакты** или **Компании**.
2. Отфильтруйте список, если нужна только его часть.
3. Нажмите **Экспорт** и выберите **CSV**. Большие выгрузки готовятся в фоне, ссылка придёт на почту.

Разработчики могут прочитать всё через REST API:

\`\`\`sh
curl -H "Authorization: Bearer $API_KEY" https://baton.example.com/api/v1/contacts?limit=100
\`\`\`

> [!IMPORTANT]
> В ссылках на выгрузку — персональные данные. Делитесь ими только с теми, кому можно их видеть.`,
      },
      kk: {
        title: 'Деректерді экспорттау',
        description: 'Контактілерді, компанияларды және оқиғаларды CSV файлдары ретінде жүктеп алыңыз.',
        body: `Деректеріңізді кез келген уақытта алып кете аласыз.

1. **Контактілер** немесе **Компаниялар** бөлімін ашыңыз.
2. Тек бір бөлігі керек болса, тізімді сүзгіден өткізіңіз.
3. **Экспорт** түймесін басып, **CSV** таңдаңыз. Үлкен экспорт фондық режимде дайындалады, сілтеме поштаға келеді.

Әзірлеушілер барлық деректі REST API арқылы да оқи алады:

\`\`\`sh
curl -H "Authorization: Bearer $API_KEY" https://baton.example.com/api/v1/contacts?limit=100
\`\`\`

> [!IMPORTANT]
> Экспорт сілтемелерінде жеке деректер бар. Оларды тек көруге рұқсаты бар адамдармен бөлісіңіз.`,
      },
    },
  },
];

export async function seedKnowledgeDemo(
  deps: { collections: Pick<ReturnType<typeof createCollections>, 'create'>; articles: Pick<Articles, 'create'> },
  workspaceId: string,
): Promise<void> {
  const ids: Record<string, string> = {};
  let position = 0;
  for (const [key, translations] of Object.entries(COLLECTIONS)) {
    const input: CollectionCreate = { translations, position: position++ };
    ids[key] = (await deps.collections.create(workspaceId, input)).id;
  }
  position = 0;
  for (const a of ARTICLES) {
    const input: ArticleCreate = { collection_id: ids[a.collection], position: position++, translations: a.translations, publish: true };
    await deps.articles.create(workspaceId, input, null);
  }
}
