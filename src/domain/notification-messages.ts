import type { Lang } from './i18n.js';
import { formatMinor } from './money.js';

/**
 * What each notification says, kept as data (`params`) and rendered in the reader's language when it
 * is shown in the inbox or sent to a channel.
 */

export interface DealRef {
  id: string;
  title: string;
  accountName: string | null;
}

export interface NotificationParamsByKind {
  /** A rep's active deals not updated within the expected window, at the team's reminder time. */
  daily_update_reminder: { date: string; deadline: string; windowDays: number; deals: DealRef[]; more: number };
  /** A team chat's summary of the same reminder: who still has deals to update. */
  team_update_reminder: {
    date: string;
    deadline: string;
    teamName: string;
    reps: { name: string; pending: number; active: number }[];
  };
  /** A manager's evening digest: update rate per rep, red deals, overdue next steps. */
  manager_digest: {
    date: string;
    teamName: string;
    reps: { name: string; active: number; updated: number; rate: number | null }[];
    red: (DealRef & { ownerName: string; reason: string; reasonEn: string })[];
    redMore: number;
    overdue: (DealRef & { ownerName: string; nextStep: string | null; due: string })[];
    overdueMore: number;
  };
  task_due: {
    taskId: string;
    title: string;
    dueAt: string;
    dueLocal: string;
    deal: DealRef | null;
    assignedBy: string | null;
  };
  payment_overdue: {
    paymentId: string;
    deal: DealRef;
    dueDate: string;
    amount: number;
    received: number;
    currency: string;
    ownerName: string;
  };
  channel_test: { channelName: string; requestedBy: string };
}

export type NotificationKind = keyof NotificationParamsByKind;
export const NOTIFICATION_KINDS = [
  'daily_update_reminder',
  'team_update_reminder',
  'manager_digest',
  'task_due',
  'payment_overdue',
  'channel_test',
] as const satisfies readonly NotificationKind[];

export interface RenderedMessage {
  title: string;
  text: string;
  markdown: string;
  links: { label: string; url: string }[];
  /** Where the inbox item leads inside the app (a path). */
  path: string;
}

/** A rendered notification as a channel sends it; `key` makes a repeated send recognisable. */
export interface OutgoingMessage {
  /** Idempotency key, unique per notification: the same key is the same notification sent again. */
  key: string;
  /** What the notification is about, e.g. 'daily_update_reminder'. */
  kind: string;
  lang: Lang;
  title: string;
  /** Plain text, lines separated by \n, paragraphs by a blank line. */
  text: string;
  /** The same content as Markdown (headings, bold, lists), without the title. */
  markdown: string;
  /** What to act on; each channel lists after the body the links whose URL the body does not already hold. */
  links: { label: string; url: string }[];
}

/** Renders a notification kept as data (kind + JSON params, as stored) in a language. */
export function renderStored(kind: string, params: string, lang: Lang, baseUrl: string): RenderedMessage {
  const known = kind as NotificationKind;
  return renderNotification(known, JSON.parse(params) as NotificationParamsByKind[typeof known], lang, baseUrl);
}

/** The message a channel sends for a rendered notification. */
export function outgoingMessage(key: string, kind: string, lang: Lang, rendered: RenderedMessage): OutgoingMessage {
  return {
    key,
    kind,
    lang,
    title: rendered.title,
    text: rendered.text,
    markdown: rendered.markdown,
    links: rendered.links,
  };
}

type Line = { text: string; url?: string };

/** Renders a notification in a language; `baseUrl` (no trailing slash) makes links absolute. */
export function renderNotification<K extends NotificationKind>(
  kind: K,
  params: NotificationParamsByKind[K],
  lang: Lang,
  baseUrl: string,
): RenderedMessage {
  const zh = lang === 'zh-CN';
  const t = (zhText: string, enText: string) => (zh ? zhText : enText);
  const dealUrl = (deal: DealRef) => `${baseUrl}/deals/${deal.id}`;
  const dealName = (deal: DealRef) => (deal.accountName ? `${deal.accountName} · ${deal.title}` : deal.title);
  const build = (title: string, intro: string, lines: Line[], path: string, outro?: string): RenderedMessage => {
    const text = [
      intro,
      ...lines.map((line) => `- ${line.text}${line.url ? ` ${line.url}` : ''}`),
      ...(outro ? [outro] : []),
    ].join('\n');
    const markdown = [
      intro,
      '',
      ...lines.map(
        (line) => `- ${line.url ? `[${escapeMarkdown(line.text)}](${line.url})` : escapeMarkdown(line.text)}`,
      ),
      ...(outro ? ['', outro] : []),
    ].join('\n');
    const links = [
      ...lines.filter((line) => line.url).map((line) => ({ label: line.text, url: line.url! })),
      { label: t('打开台账', 'Open the ledger'), url: `${baseUrl}${path}` },
    ];
    return { title, text, markdown, links, path };
  };
  const more = (n: number) => (n > 0 ? t(`……另有 ${n} 个`, `…and ${n} more`) : undefined);

  switch (kind) {
    case 'daily_update_reminder': {
      const p = params as NotificationParamsByKind['daily_update_reminder'];
      const count = p.deals.length + p.more;
      const since =
        p.windowDays <= 1 ? t('今天', 'today') : t(`近 ${p.windowDays} 天`, `in the last ${p.windowDays} days`);
      return build(
        t(
          `台账更新提醒：${count} 个商机${since}未更新`,
          `Ledger reminder: ${count} deal${count === 1 ? '' : 's'} not updated ${since}`,
        ),
        t(
          `${p.date} ${p.deadline} 前请记录当日客户接触（客户原话、下一步、所需资源）：`,
          `Please record today's customer contacts (verbatim feedback, next step, resources needed) by ${p.deadline} on ${p.date}:`,
        ),
        p.deals.map((deal) => ({ text: dealName(deal), url: dealUrl(deal) })),
        '/today',
        more(p.more),
      );
    }
    case 'team_update_reminder': {
      const p = params as NotificationParamsByKind['team_update_reminder'];
      return build(
        t(`${p.teamName}：${p.date} 台账更新提醒`, `${p.teamName}: ledger reminder for ${p.date}`),
        t(
          `以下同事还有商机今天未更新（截止 ${p.deadline}）：`,
          `These reps still have deals to update today (due ${p.deadline}):`,
        ),
        p.reps.map((rep) => ({
          text: t(
            `${rep.name}：${rep.pending}/${rep.active} 个未更新`,
            `${rep.name}: ${rep.pending} of ${rep.active} not updated`,
          ),
        })),
        '/ledger',
      );
    }
    case 'manager_digest': {
      const p = params as NotificationParamsByKind['manager_digest'];
      const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
      const lines: Line[] = [
        ...p.reps.map((rep) => ({
          text: t(
            `${rep.name} 更新率 ${pct(rep.rate)}（${rep.updated}/${rep.active}）`,
            `${rep.name}: update rate ${pct(rep.rate)} (${rep.updated}/${rep.active})`,
          ),
        })),
        ...p.red.map((deal) => ({
          text: t(
            `🔴 ${dealName(deal)}（${deal.ownerName}）：${deal.reason}`,
            `🔴 ${dealName(deal)} (${deal.ownerName}): ${deal.reasonEn}`,
          ),
          url: dealUrl(deal),
        })),
        ...(p.redMore > 0 ? [{ text: t(`……另有 ${p.redMore} 个红灯商机`, `…and ${p.redMore} more red deals`) }] : []),
        ...p.overdue.map((deal) => ({
          text: t(
            `⏰ ${dealName(deal)}（${deal.ownerName}）：下一步「${deal.nextStep ?? ''}」应于 ${deal.due} 完成`,
            `⏰ ${dealName(deal)} (${deal.ownerName}): next step "${deal.nextStep ?? ''}" was due ${deal.due}`,
          ),
          url: dealUrl(deal),
        })),
        ...(p.overdueMore > 0
          ? [{ text: t(`……另有 ${p.overdueMore} 个下一步逾期`, `…and ${p.overdueMore} more overdue next steps`) }]
          : []),
      ];
      return build(
        t(`${p.teamName} ${p.date} 台账日报`, `${p.teamName} ledger digest for ${p.date}`),
        t(
          `今日更新率、红灯商机（${p.red.length + p.redMore}）与逾期下一步（${p.overdue.length + p.overdueMore}）：`,
          `Today's update rate, red deals (${p.red.length + p.redMore}) and overdue next steps (${p.overdue.length + p.overdueMore}):`,
        ),
        lines,
        '/reports',
      );
    }
    case 'task_due': {
      const p = params as NotificationParamsByKind['task_due'];
      const lines: Line[] = p.deal ? [{ text: dealName(p.deal), url: dealUrl(p.deal) }] : [];
      return build(
        t(`任务到期：${p.title}`, `Task due: ${p.title}`),
        t(
          `任务「${p.title}」应于 ${p.dueLocal} 完成${p.assignedBy ? `（${p.assignedBy} 指派）` : ''}。`,
          `The task "${p.title}" is due ${p.dueLocal}${p.assignedBy ? ` (assigned by ${p.assignedBy})` : ''}.`,
        ),
        lines,
        p.deal ? `/deals/${p.deal.id}` : '/today',
      );
    }
    case 'payment_overdue': {
      const p = params as NotificationParamsByKind['payment_overdue'];
      const open = formatMinor(p.amount - p.received, p.currency);
      return build(
        t(`回款逾期：${dealName(p.deal)}`, `Payment overdue: ${dealName(p.deal)}`),
        t(
          `应于 ${p.dueDate} 到账的 ${formatMinor(p.amount, p.currency)} 尚欠 ${open}（负责人 ${p.ownerName}）。`,
          `${formatMinor(p.amount, p.currency)} due ${p.dueDate} still has ${open} outstanding (owner ${p.ownerName}).`,
        ),
        [{ text: dealName(p.deal), url: dealUrl(p.deal) }],
        `/deals/${p.deal.id}`,
      );
    }
    case 'channel_test': {
      const p = params as NotificationParamsByKind['channel_test'];
      return build(
        t('台账测试消息', 'Taizhang test message'),
        t(
          `这是「${p.channelName}」的测试消息，由 ${p.requestedBy} 发送。收到即表示通道可用。`,
          `This is a test message for "${p.channelName}", sent by ${p.requestedBy}. If you can read it, the channel works.`,
        ),
        [],
        '/settings/notifications',
      );
    }
  }
  throw new Error(`unknown notification kind ${String(kind)}`);
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
