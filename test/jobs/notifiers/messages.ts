import type { OutgoingMessage } from '../../../src/jobs/notifiers/index.js';

/** A reminder in Chinese, with a link, as a job would hand it over. */
export const ZH_MESSAGE: OutgoingMessage = {
  key: 'daily_update_reminder:user-7:2026-03-02',
  kind: 'daily_update_reminder',
  lang: 'zh-CN',
  title: '今日进展提醒',
  text: '张伟，你好：\n今天还有 2 个商机没有更新进展。\n\n请在 18:00 前填写。',
  markdown: '**张伟**，你好：今天还有 2 个商机没有更新进展。\n\n- 华东电网 · 储能项目\n- 上海申通 · 运维平台',
  links: [{ label: '打开台账', url: 'https://taizhang.example.com/deals?owner=me&light=red' }],
};

/** The same in English, with characters that HTML and Markdown treat specially, and an emoji. */
export const EN_MESSAGE: OutgoingMessage = {
  key: 'stalled_deals:team-3:2026-03-02',
  kind: 'stalled_deals',
  lang: 'en',
  title: 'Stalled deals: 2 need a follow-up',
  text: 'Hi Wei,\n<script>alert("x")</script> & "Acme" Ltd\'s deal has had no activity for 9 days 🚦.\n\nPlease follow up today.',
  markdown: 'Hi **Wei**, 2 deals have stalled:\n\n- Acme Ltd — 9 days\n- 华东电网 — 8 days',
  links: [
    { label: 'Open [stalled] deals', url: 'https://taizhang.example.com/deals?light=red' },
    { label: 'Settings', url: 'https://taizhang.example.com/settings' },
  ],
};

/** 10:00 in Shanghai on Monday 2026-03-02. */
export const NOW = new Date('2026-03-02T02:00:00.123Z');

/** A message that already writes its deal link into the body, as the notification renderer does. */
export const INLINE_LINK_MESSAGE: OutgoingMessage = {
  key: 'task_due:task-42',
  kind: 'task_due',
  lang: 'zh-CN',
  title: '任务到期：回访华东电网',
  text: '任务今天到期：\n- 华东电网 · 储能项目 https://taizhang.example.com/deals/d1。请及时处理。',
  markdown: '任务今天到期：\n\n- [华东电网 · 储能项目](https://taizhang.example.com/deals/d1)',
  links: [
    { label: '华东电网 · 储能项目', url: 'https://taizhang.example.com/deals/d1' },
    { label: '打开台账', url: 'https://taizhang.example.com/tasks' },
  ],
};
