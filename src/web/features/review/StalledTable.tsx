import { Button, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { formatMoneyExact, formatMoneyShort } from '../../format';
import { useI18n } from '../../i18n';
import { LightDot } from '../deals/LightDot';
import type { StalledDeal } from './types';

interface Props {
  deals: StalledDeal[];
  /** The column the grouping already says (stage or owner) is left out. */
  groupedBy: 'stage' | 'owner';
  mayFlag: boolean;
  mayAssign: boolean;
  mayFollowUp: boolean;
  onFlag(deal: StalledDeal): void;
  onAssign(deal: StalledDeal): void;
  onFollowUp(deal: StalledDeal): void;
}

/** One group of stalled deals: light, deal, days stalled, the customer's last words, next step, actions. */
export function StalledTable({
  deals,
  groupedBy,
  mayFlag,
  mayAssign,
  mayFollowUp,
  onFlag,
  onAssign,
  onFollowUp,
}: Props) {
  const { t, lang } = useI18n();
  const columns: ColumnsType<StalledDeal> = [
    { key: 'light', title: t('review.col.light'), width: 56, render: (_, deal) => <LightDot light={deal.light} /> },
    {
      key: 'deal',
      title: t('review.col.deal'),
      render: (_, deal) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/deals/${deal.id}`}>{deal.title}</Link>
          <div style={{ fontSize: 12, color: '#5b6573' }}>
            {deal.accountName ?? ''}
            {deal.accountName ? ' · ' : ''}
            <Tooltip title={formatMoneyExact(deal.amount, deal.currency, lang)}>
              <span>{formatMoneyShort(deal.amount, deal.currency, lang)}</span>
            </Tooltip>
          </div>
          {deal.riskFlag && (
            <Tag color="red" style={{ marginTop: 4 }} title={deal.riskReason ?? undefined}>
              {t('review.flagged')}
              {deal.riskReason ? `：${deal.riskReason}` : ''}
            </Tag>
          )}
        </div>
      ),
    },
    groupedBy === 'stage'
      ? { key: 'owner', title: t('review.col.owner'), width: 96, render: (_, deal) => deal.ownerName ?? '' }
      : { key: 'stage', title: t('review.col.stage'), width: 96, render: (_, deal) => deal.stageName },
    {
      key: 'days',
      title: t('review.col.days'),
      width: 72,
      align: 'right',
      render: (_, deal) => <Tag style={{ marginInlineEnd: 0 }}>{t('review.daysBadge', { n: deal.daysStalled })}</Tag>,
    },
    {
      key: 'verbatim',
      title: t('review.col.verbatim'),
      render: (_, deal) =>
        deal.lastVerbatim ? (
          <Typography.Paragraph style={{ margin: 0, maxWidth: 360 }} ellipsis={{ rows: 2, tooltip: deal.lastVerbatim }}>
            「{deal.lastVerbatim}」
          </Typography.Paragraph>
        ) : (
          <span style={{ color: '#5b6573' }}>{t('review.noVerbatim')}</span>
        ),
    },
    {
      key: 'next',
      title: t('review.col.nextStep'),
      width: 180,
      render: (_, deal) => (
        <div>
          <div>{deal.nextStep ?? '–'}</div>
          {deal.nextStepDue && (
            <div style={{ fontSize: 12, color: '#5b6573' }}>{t('review.due', { date: deal.nextStepDue })}</div>
          )}
        </div>
      ),
    },
    {
      key: 'actions',
      title: t('review.col.actions'),
      width: 220,
      render: (_, deal) => (
        <Space size={4} wrap>
          {mayFlag && !deal.riskFlag && (
            <Button
              size="small"
              danger
              onClick={() => onFlag(deal)}
              aria-label={t('review.flagFor', { title: deal.title })}
            >
              {t('review.flag')}
            </Button>
          )}
          {mayAssign && (
            <Button
              size="small"
              onClick={() => onAssign(deal)}
              aria-label={t('review.assignFor', { title: deal.title })}
            >
              {t('review.assign')}
            </Button>
          )}
          {mayFollowUp && (
            <Button size="small" type="link" onClick={() => onFollowUp(deal)}>
              {t('review.followup')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Flex vertical>
      <Table<StalledDeal>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={deals}
        pagination={false}
        scroll={{ x: 900 }}
      />
    </Flex>
  );
}
