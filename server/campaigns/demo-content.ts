import type { CampaignCreate } from '../../contracts/campaigns.ts';
import type { DemoLanguage } from '../inbox/demo-texts.ts';

/**
 * The demo's campaigns in the five Messenger languages, and what its customers answered the NPS
 * survey (by language and kind of answer). `days` place each campaign's one run before now.
 */

type L = Record<DemoLanguage, string>;
const each = <T>(texts: Record<string, L>, build: (t: (key: string) => string) => T): Record<DemoLanguage, T> => {
  const langs: DemoLanguage[] = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'];
  return Object.fromEntries(langs.map((l) => [l, build((key) => texts[key]![l])])) as Record<DemoLanguage, T>;
};

export interface DemoCampaign {
  key: 'chat' | 'post' | 'banner' | 'tooltip' | 'checklist' | 'survey';
  /** Days before now the run started and (null: still live) stopped. */
  days: { start: number; stop: number | null };
  /** Of the contacts who saw it, the share who clicked (or completed, for a survey). */
  clickRate: number;
  body: (senderId: string) => CampaignCreate;
}

const CHAT = {
  body: {
    en: 'Hi! Need a hand setting up your first project? I can walk you through it.',
    'zh-Hans': '您好！需要帮忙创建第一个项目吗？我可以一步步带您完成。',
    'zh-Hant': '您好！需要幫忙建立第一個專案嗎？我可以一步步帶您完成。',
    ru: 'Здравствуйте! Помочь настроить первый проект? Могу провести по шагам.',
    kk: 'Сәлеметсіз бе! Алғашқы жобаны баптауға көмектесейін бе? Қадам-қадаммен көрсетемін.',
  },
  action: { en: 'Chat with us', 'zh-Hans': '和我们聊聊', 'zh-Hant': '和我們聊聊', ru: 'Написать нам', kk: 'Бізге жазу' },
};
const POST = {
  title: { en: 'New: project templates', 'zh-Hans': '新功能：项目模板', 'zh-Hant': '新功能：專案範本', ru: 'Новое: шаблоны проектов', kk: 'Жаңа: жоба үлгілері' },
  body: {
    en: 'Start a project from one of 20 templates: product launch, hiring plan, sprint board and more.',
    'zh-Hans': '从 20 个模板中选择一个来创建项目：产品发布、招聘计划、冲刺看板等。',
    'zh-Hant': '從 20 個範本中選一個建立專案：產品發表、招募計畫、衝刺看板等。',
    ru: 'Создайте проект из одного из 20 шаблонов: запуск продукта, план найма, доска спринта и другие.',
    kk: '20 үлгінің бірінен жоба бастаңыз: өнімді іске қосу, жалдау жоспары, спринт тақтасы және басқалары.',
  },
  action: { en: 'Browse templates', 'zh-Hans': '浏览模板', 'zh-Hant': '瀏覽範本', ru: 'Смотреть шаблоны', kk: 'Үлгілерді көру' },
};
const BANNER = {
  body: {
    en: 'Live webinar on Thursday: planning the quarter with Acme. Save your seat!',
    'zh-Hans': '周四直播研讨会：用 Acme 规划季度工作。立即预约席位！',
    'zh-Hant': '週四線上研討會：用 Acme 規劃季度工作。立即預約座位！',
    ru: 'Вебинар в четверг: планируем квартал в Acme. Забронируйте место!',
    kk: 'Бейсенбі күнгі вебинар: Acme-мен тоқсанды жоспарлау. Орныңызды брондаңыз!',
  },
  action: { en: 'Register', 'zh-Hans': '报名', 'zh-Hant': '報名', ru: 'Зарегистрироваться', kk: 'Тіркелу' },
};
const TOOLTIP = {
  title: { en: 'Work together', 'zh-Hans': '一起协作', 'zh-Hant': '一起協作', ru: 'Работайте вместе', kk: 'Бірге жұмыс істеңіз' },
  body: {
    en: 'Invite teammates to share projects and assign tasks.',
    'zh-Hans': '邀请同事共享项目、分配任务。',
    'zh-Hant': '邀請同事共享專案、分派任務。',
    ru: 'Пригласите коллег, чтобы делиться проектами и назначать задачи.',
    kk: 'Жобалармен бөлісу және тапсырма беру үшін әріптестеріңізді шақырыңыз.',
  },
};
const CHECKLIST = {
  title: { en: 'Get started with Acme', 'zh-Hans': 'Acme 入门', 'zh-Hant': 'Acme 入門', ru: 'Начало работы с Acme', kk: 'Acme-мен жұмысты бастау' },
  profile: { en: 'Complete your profile', 'zh-Hans': '完善个人资料', 'zh-Hant': '完成個人資料', ru: 'Заполните профиль', kk: 'Профильді толтырыңыз' },
  project: { en: 'Create your first project', 'zh-Hans': '创建第一个项目', 'zh-Hant': '建立第一個專案', ru: 'Создайте первый проект', kk: 'Алғашқы жобаны жасаңыз' },
  invite: { en: 'Invite a teammate', 'zh-Hans': '邀请一位同事', 'zh-Hant': '邀請一位同事', ru: 'Пригласите коллегу', kk: 'Әріптесті шақырыңыз' },
  integrate: { en: 'Connect an integration', 'zh-Hans': '连接一个集成', 'zh-Hant': '連接一個整合', ru: 'Подключите интеграцию', kk: 'Интеграцияны қосыңыз' },
  done: { en: 'All set!', 'zh-Hans': '全部完成！', 'zh-Hant': '全部完成！', ru: 'Всё готово!', kk: 'Бәрі дайын!' },
};
const SURVEY = {
  nps: {
    en: 'How likely are you to recommend Acme to a friend or colleague?',
    'zh-Hans': '您有多大可能向朋友或同事推荐 Acme？',
    'zh-Hant': '您有多大可能向朋友或同事推薦 Acme？',
    ru: 'Насколько вероятно, что вы порекомендуете Acme другу или коллеге?',
    kk: 'Acme-ны досыңызға немесе әріптесіңізге ұсыну ықтималдығы қандай?',
  },
  why: {
    en: 'What is the main reason for your score?',
    'zh-Hans': '您打这个分数的主要原因是什么？',
    'zh-Hant': '您給這個分數的主要原因是什麼？',
    ru: 'Почему вы поставили такую оценку?',
    kk: 'Бұл бағаның басты себебі неде?',
  },
  thanks: { en: 'Thank you!', 'zh-Hans': '谢谢！', 'zh-Hant': '謝謝！', ru: 'Спасибо!', kk: 'Рахмет!' },
};

const manual = { type: 'manual' } as const;
const pageView = { type: 'page_view', delay_seconds: 5 } as const;

export const DEMO_CAMPAIGNS: DemoCampaign[] = [
  {
    key: 'chat', days: { start: 49, stop: 28 }, clickRate: 0.3,
    body: (sender) => ({
      type: 'in_app_message', name: 'Welcome chat (demo)', trigger: pageView, goal: { event: 'project_created', within_days: 14 },
      content: each(CHAT, (t) => ({ style: 'chat', sender_agent_id: sender, body: t('body'), action: { label: t('action'), kind: 'open_messenger' } })),
    }),
  },
  {
    key: 'post', days: { start: 35, stop: 14 }, clickRate: 0.22,
    body: () => ({
      type: 'in_app_message', name: 'Project templates post (demo)', trigger: pageView, goal: { event: 'project_created', within_days: 7 },
      content: each(POST, (t) => ({ style: 'post', title: t('title'), body: t('body'), action: { label: t('action'), kind: 'url', url: '/templates' } })),
    }),
  },
  {
    key: 'banner', days: { start: 21, stop: 14 }, clickRate: 0.12,
    body: () => ({
      type: 'banner', name: 'Webinar banner (demo)', trigger: pageView,
      content: each(BANNER, (t) => ({ position: 'top', display: 'inline', body: t('body'), action: { label: t('action'), kind: 'url', url: '/webinar' } })),
    }),
  },
  {
    key: 'tooltip', days: { start: 30, stop: null }, clickRate: 0.18,
    body: () => ({
      type: 'tooltip', name: 'Invite teammates tooltip (demo)', trigger: manual, goal: { event: 'invited_teammate', within_days: 7 },
      content: each(TOOLTIP, (t) => ({ style: 'tooltip', selector: '#invite-teammate', placement: 'bottom', title: t('title'), body: t('body') })),
    }),
  },
  {
    key: 'checklist', days: { start: 42, stop: null }, clickRate: 0.45,
    body: () => ({
      type: 'checklist', name: 'Getting started checklist (demo)', trigger: manual, goal: { event: 'project_created', within_days: 14 },
      content: each(CHECKLIST, (t) => ({
        title: t('title'), completed_title: t('done'),
        items: [
          { id: 'profile', title: t('profile') },
          { id: 'project', title: t('project'), event: 'project_created' },
          { id: 'invite', title: t('invite'), event: 'invited_teammate' },
          { id: 'integrate', title: t('integrate'), event: 'connected_integration' },
        ],
      })),
    }),
  },
  {
    key: 'survey', days: { start: 42, stop: null }, clickRate: 0.55,
    body: () => ({
      type: 'survey', name: 'Customer NPS (demo)', trigger: manual,
      content: each(SURVEY, (t) => ({
        questions: [{ kind: 'nps', id: 'nps', prompt: t('nps') }, { kind: 'text', id: 'why', prompt: t('why') }],
        thank_you: { title: t('thanks') },
      })),
    }),
  },
];

export const NPS_REASONS: Record<'promoter' | 'passive' | 'detractor', L> = {
  promoter: {
    en: 'Support answers within minutes and the product just works.',
    'zh-Hans': '客服几分钟就回复，产品也很好用。',
    'zh-Hant': '客服幾分鐘就回覆，產品也很好用。',
    ru: 'Поддержка отвечает за минуты, а продукт просто работает.',
    kk: 'Қолдау бірнеше минутта жауап береді, өнім жақсы жұмыс істейді.',
  },
  passive: {
    en: 'Good overall, but the export is slow.',
    'zh-Hans': '总体不错，但导出有点慢。',
    'zh-Hant': '整體不錯，但匯出有點慢。',
    ru: 'В целом хорошо, но экспорт медленный.',
    kk: 'Жалпы жақсы, бірақ экспорт баяу.',
  },
  detractor: {
    en: 'I waited a day for an answer about billing.',
    'zh-Hans': '账单问题我等了一天才得到答复。',
    'zh-Hant': '帳單問題我等了一天才得到回覆。',
    ru: 'Ждал ответа по оплате целый день.',
    kk: 'Төлем туралы жауапты бір күн күттім.',
  },
};
