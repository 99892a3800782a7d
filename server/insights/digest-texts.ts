/** The weekly digest's words in every dashboard locale; the agent's own locale is used, English otherwise. */

export interface DigestTexts {
  subject: (workspace: string, week: string) => string;
  intro: (from: string, to: string) => string;
  before: string;
  conversations: string;
  medianFrt: string;
  p90Frt: string;
  medianResolution: string;
  slaAttainment: string;
  oneTouch: string;
  reopenRate: string;
  csat: string;
  nps: string;
  npsResponses: string;
  byTeam: string;
  noTeam: string;
  open: string;
  why: string;
}

export const DIGEST_TEXTS: Record<string, DigestTexts> = {
  en: {
    subject: (w, week) => `${w}: support digest for ${week}`,
    intro: (from, to) => `Support from ${from} to ${to}, against the week before.`,
    before: 'week before',
    conversations: 'Conversations',
    medianFrt: 'First response (median)',
    p90Frt: 'First response (p90)',
    medianResolution: 'Resolution (median)',
    slaAttainment: 'SLA attainment',
    oneTouch: 'One-touch resolution',
    reopenRate: 'Reopen rate',
    csat: 'CSAT',
    nps: 'NPS',
    npsResponses: 'NPS responses',
    byTeam: 'By team',
    noTeam: 'No team',
    open: 'Open the report',
    why: 'You get this because you turned on the weekly digest in your Baton account settings.',
  },
  'zh-Hans': {
    subject: (w, week) => `${w}：${week} 客服周报`,
    intro: (from, to) => `${from} 至 ${to} 的客服数据，与上一周对比。`,
    before: '上周',
    conversations: '会话数',
    medianFrt: '首次响应（中位数）',
    p90Frt: '首次响应（P90）',
    medianResolution: '解决时长（中位数）',
    slaAttainment: 'SLA 达成率',
    oneTouch: '一次解决率',
    reopenRate: '重开率',
    csat: '满意度',
    nps: '净推荐值（NPS）',
    npsResponses: 'NPS 回复数',
    byTeam: '按团队',
    noTeam: '无团队',
    open: '打开报告',
    why: '您收到此邮件，是因为您在 Baton 账户设置中开启了每周摘要。',
  },
  'zh-Hant': {
    subject: (w, week) => `${w}：${week} 客服週報`,
    intro: (from, to) => `${from} 至 ${to} 的客服數據，與上一週比較。`,
    before: '上週',
    conversations: '對話數',
    medianFrt: '首次回應（中位數）',
    p90Frt: '首次回應（P90）',
    medianResolution: '解決時長（中位數）',
    slaAttainment: 'SLA 達成率',
    oneTouch: '一次解決率',
    reopenRate: '重開率',
    csat: '滿意度',
    nps: '淨推薦值（NPS）',
    npsResponses: 'NPS 回覆數',
    byTeam: '依團隊',
    noTeam: '無團隊',
    open: '開啟報告',
    why: '您收到此郵件，是因為您在 Baton 帳戶設定中開啟了每週摘要。',
  },
  ru: {
    subject: (w, week) => `${w}: сводка поддержки за ${week}`,
    intro: (from, to) => `Поддержка с ${from} по ${to} в сравнении с предыдущей неделей.`,
    before: 'неделей ранее',
    conversations: 'Диалоги',
    medianFrt: 'Первый ответ (медиана)',
    p90Frt: 'Первый ответ (p90)',
    medianResolution: 'Решение (медиана)',
    slaAttainment: 'Соблюдение SLA',
    oneTouch: 'Решено одним ответом',
    reopenRate: 'Доля переоткрытых',
    csat: 'CSAT',
    nps: 'NPS',
    npsResponses: 'Ответы NPS',
    byTeam: 'По командам',
    noTeam: 'Без команды',
    open: 'Открыть отчёт',
    why: 'Вы получаете это письмо, потому что включили еженедельную сводку в настройках аккаунта Baton.',
  },
  kk: {
    subject: (w, week) => `${w}: ${week} аптасының қолдау шолуы`,
    intro: (from, to) => `${from} – ${to} аралығындағы қолдау, алдыңғы аптамен салыстырғанда.`,
    before: 'алдыңғы апта',
    conversations: 'Әңгімелер',
    medianFrt: 'Алғашқы жауап (медиана)',
    p90Frt: 'Алғашқы жауап (p90)',
    medianResolution: 'Шешу уақыты (медиана)',
    slaAttainment: 'SLA орындалуы',
    oneTouch: 'Бір жауаппен шешілгені',
    reopenRate: 'Қайта ашылғандар үлесі',
    csat: 'CSAT',
    nps: 'NPS',
    npsResponses: 'NPS жауаптары',
    byTeam: 'Командалар бойынша',
    noTeam: 'Командасыз',
    open: 'Есепті ашу',
    why: 'Бұл хатты Baton тіркелгі баптауларында апталық шолуды қосқаныңыз үшін алып отырсыз.',
  },
};

export const digestTexts = (locale: string): DigestTexts => DIGEST_TEXTS[locale] ?? DIGEST_TEXTS.en!;
