import type { Lang, Text } from '../domain/i18n.js';
import { pick } from '../domain/i18n.js';
import { dealLight, lightCutoffs } from '../domain/status-light.js';
import { dateInZone } from '../domain/time.js';
import { lightInputOf } from '../store/queries/deal-light.js';
import { namesFor } from '../store/queries/deals.js';
import type { CommandContext } from './context.js';
import { reportStalled } from './report-stalled.js';

export interface StalledWorkbook {
  /** ASCII file name (`weekly-review-YYYY-MM-DD.xlsx`) and the name in the reader's language. */
  fileName: string;
  localFileName: string;
  content: Buffer;
}

const HEADERS: Record<string, Text> = {
  account: { zh: '客户', en: 'Account' },
  deal: { zh: '商机', en: 'Deal' },
  stage: { zh: '阶段', en: 'Stage' },
  owner: { zh: '负责人', en: 'Owner' },
  amount: { zh: '金额', en: 'Amount' },
  daysStalled: { zh: '停滞天数', en: 'Days stalled' },
  lastFollowup: { zh: '最近跟进', en: 'Last follow-up' },
  lastVerbatim: { zh: '客户原话', en: 'Last verbatim' },
  nextStep: { zh: '下一步', en: 'Next step' },
  nextStepDue: { zh: '下一步截止', en: 'Next step due' },
  light: { zh: '灯号及原因', en: 'Light and reason' },
  count: { zh: '停滞数', en: 'Stalled' },
  share: { zh: '占比', en: 'Share' },
  avgDays: { zh: '平均停滞天数', en: 'Avg days stalled' },
};

const TEXTS = {
  dealsSheet: { zh: '停滞商机', en: 'Stalled deals' },
  summarySheet: { zh: '汇总', en: 'Summary' },
  byStage: { zh: '按阶段', en: 'By stage' },
  byOwner: { zh: '按负责人', en: 'By owner' },
  red: { zh: '红', en: 'Red' },
  yellow: { zh: '黄', en: 'Yellow' },
  green: { zh: '绿', en: 'Green' },
} satisfies Record<string, Text>;

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥', GBP: '£' };

/** An Excel number format showing the currency's symbol and two decimals. */
function currencyFormat(currency: string): string {
  return `"${SYMBOLS[currency] ?? `${currency} `}"#,##0.00`;
}

/** A calendar day as an Excel date (midnight UTC: Excel dates carry no zone). */
function excelDate(date: string | null): Date | null {
  return date ? new Date(`${date.slice(0, 10)}T00:00:00.000Z`) : null;
}

/**
 * The weekly review as an Excel workbook for the meeting: the stalled deals (same data and visibility
 * as GET /api/reports/stalled) on one sheet, where the stalls concentrate (by stage, by owner) on another,
 * headers in the reader's language. exceljs is loaded here, on the first export, not at start-up.
 */
export async function exportStalledWorkbook(ctx: CommandContext, query: unknown, lang: Lang): Promise<StalledWorkbook> {
  const report = await reportStalled(ctx, query);
  const { default: ExcelJS } = await import('exceljs');
  const deals = report.items.map((item) => item.deal);
  const names = await namesFor(
    ctx.db,
    ctx.org.id,
    [...deals.map((d) => d.owner_id), ...report.byOwner.map((o) => o.ownerId)],
    deals.flatMap((d) => (d.account_id ? [d.account_id] : [])),
  );
  const cutoffs = lightCutoffs(ctx.now, ctx.org.timezone, ctx.org.settings.light, ctx.org.stages);
  const text = (value: Text) => pick(value, lang);
  const header = (key: keyof typeof HEADERS) => text(HEADERS[key]!);
  const stageName = new Map(ctx.org.stages.map((stage) => [stage.key, text(stage.name)]));

  const workbook = new ExcelJS.Workbook();
  workbook.created = ctx.now;
  const sheet = workbook.addWorksheet(text(TEXTS.dealsSheet), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: header('account'), key: 'account', width: 24 },
    { header: header('deal'), key: 'deal', width: 28 },
    { header: header('stage'), key: 'stage', width: 12 },
    { header: header('owner'), key: 'owner', width: 12 },
    { header: header('amount'), key: 'amount', width: 16 },
    { header: header('daysStalled'), key: 'daysStalled', width: 10 },
    { header: header('lastFollowup'), key: 'lastFollowup', width: 14, style: { numFmt: 'yyyy-mm-dd' } },
    { header: header('lastVerbatim'), key: 'lastVerbatim', width: 40 },
    { header: header('nextStep'), key: 'nextStep', width: 24 },
    { header: header('nextStepDue'), key: 'nextStepDue', width: 14, style: { numFmt: 'yyyy-mm-dd' } },
    { header: header('light'), key: 'light', width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const { deal, daysStalled, lastVerbatim } of report.items) {
    const light = dealLight(
      lightInputOf(deal, ctx.org.stages),
      ctx.now,
      cutoffs,
      ctx.org.settings.light,
      ctx.org.stages,
    );
    const row = sheet.addRow({
      account: deal.account_id ? (names.accounts.get(deal.account_id) ?? '') : '',
      deal: deal.title,
      stage: stageName.get(deal.stage) ?? deal.stage,
      owner: names.users.get(deal.owner_id) ?? '',
      amount: deal.amount / 100,
      daysStalled,
      lastFollowup: excelDate(
        deal.last_followup_at ? dateInZone(new Date(deal.last_followup_at), ctx.org.timezone) : null,
      ),
      lastVerbatim: lastVerbatim ?? '',
      nextStep: deal.next_step ?? '',
      nextStepDue: excelDate(deal.next_step_due),
      light: light ? [text(TEXTS[light.color]), ...light.reasons.map((reason) => text(reason.text))].join(' · ') : '',
    });
    row.getCell('amount').numFmt = currencyFormat(deal.currency);
    row.getCell('lastVerbatim').alignment = { wrapText: true, vertical: 'top' };
  }

  const summary = workbook.addWorksheet(text(TEXTS.summarySheet));
  summary.columns = [{ width: 20 }, { width: 10 }, { width: 10 }, { width: 16 }];
  summary.addRow([text(TEXTS.byStage)]).font = { bold: true };
  summary.addRow([header('stage'), header('count'), header('share'), header('avgDays')]).font = { bold: true };
  for (const line of report.byStage) {
    summary.addRow([text(line.stage.name), line.count, line.share, line.avgDaysStalled]).getCell(3).numFmt = '0%';
  }
  summary.addRow([]);
  summary.addRow([text(TEXTS.byOwner)]).font = { bold: true };
  summary.addRow([header('owner'), header('count'), '', header('avgDays')]).font = { bold: true };
  for (const line of report.byOwner)
    summary.addRow([names.users.get(line.ownerId) ?? '', line.count, null, line.avgDaysStalled]);

  const day = dateInZone(ctx.now, ctx.org.timezone);
  return {
    fileName: `weekly-review-${day}.xlsx`,
    localFileName: lang === 'en' ? `weekly-review-${day}.xlsx` : `周复盘-${day}.xlsx`,
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
