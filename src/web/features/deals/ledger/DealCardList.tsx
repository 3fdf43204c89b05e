import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton } from 'antd';
import { Link } from 'react-router';
import type { Deal } from '../../../api-client';
import { HoverTooltip } from '../../../components/HoverTooltip';
import { formatMoneyExact, formatMoneyShort, todayIso } from '../../../format';
import { useI18n } from '../../../i18n';
import { LightDot } from '../LightDot';
import './ledger.css';

interface Props {
  deals: Deal[];
  loading: boolean;
  canWrite: boolean;
  onFollowup(deal: Deal): void;
}

/** The ledger at phone width: one card per deal, a large follow-up button on each. */
export function DealCardList({ deals, loading, canWrite, onFollowup }: Props) {
  const { t, lang } = useI18n();
  const today = todayIso();
  if (loading && deals.length === 0) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <Flex
      vertical
      gap={8}
      component="ul"
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
      aria-label={t('ledger.tableLabel')}
    >
      {deals.map((d) => (
        <li key={d.id}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            <Flex justify="space-between" align="flex-start" gap={8}>
              <div style={{ minWidth: 0 }}>
                <Link to={`/deals/${d.id}`} style={{ fontWeight: 600, fontSize: 15, display: 'block' }}>
                  {d.title}
                </Link>
                <div style={{ color: '#5c6673', fontSize: 13 }}>
                  {d.accountName ?? '–'} · {d.stageName}
                </div>
              </div>
              <Flex vertical align="flex-end" gap={4} style={{ flex: 'none' }}>
                <HoverTooltip title={formatMoneyExact(d.amount, d.currency, lang)}>
                  <span style={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoneyShort(d.amount, d.currency, lang)}
                  </span>
                </HoverTooltip>
                <LightDot light={d.light} showLabel />
              </Flex>
            </Flex>
            <div style={{ marginTop: 8, fontSize: 13 }}>
              <span style={{ color: '#5c6673' }}>
                {t('col.nextStep')}
                {lang === 'en' ? ': ' : '：'}
              </span>
              {d.nextStep ?? '–'}
              {d.nextStepDue && (
                <span className={d.nextStepDue < today ? 'tz-overdue' : 'tz-muted'}>
                  {' '}
                  · {t('col.due', { date: d.nextStepDue })}
                </span>
              )}
            </div>
            {canWrite && (
              <Button block icon={<EditOutlined />} style={{ marginTop: 10, height: 44 }} onClick={() => onFollowup(d)}>
                {t('card.followup')}
              </Button>
            )}
          </Card>
        </li>
      ))}
    </Flex>
  );
}
