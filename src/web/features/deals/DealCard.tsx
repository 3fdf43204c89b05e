import { EditOutlined, HolderOutlined, MoreOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tooltip } from 'antd';
import type { CSSProperties, HTMLAttributes, KeyboardEvent, Ref } from 'react';
import { Link } from 'react-router';
import type { Deal, Stage } from '../../api-client';
import { formatMoneyExact, formatMoneyShort } from '../../format';
import { useI18n } from '../../i18n';
import { LightDot } from './LightDot';

/** What the board's draggable wrapper hands the card: the keyboard/pointer drag handle. */
export interface DragHandle {
  ref: Ref<HTMLButtonElement>;
  attributes: HTMLAttributes<HTMLButtonElement>;
}

interface Props {
  deal: Deal;
  stages: Stage[];
  mayWrite: boolean;
  onMove?(stageKey: string): void;
  onFollowup?(deal: Deal): void;
  handle?: DragHandle;
  /** The card's place while its copy is being dragged. */
  placeholder?: boolean;
  /** The copy under the pointer while dragging. */
  overlay?: boolean;
  busy?: boolean;
}

const MUTED = '#5b6573';

/** A deal on the board: title, account, light, amount, owner, days in stage; follow-up and move in one click. */
export function DealCard({ deal, stages, mayWrite, onMove, onFollowup, handle, placeholder, overlay, busy }: Props) {
  const { t, lang } = useI18n();
  const stageItems = stages
    .filter((s) => s.key !== deal.stage)
    .map((s) => ({ key: s.key, label: lang === 'en' ? s.name.en : s.name.zh }));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (
      event.key === 'n' &&
      !event.metaKey &&
      !event.ctrlKey &&
      !event.altKey &&
      onFollowup &&
      !target.closest('input, textarea, [contenteditable]')
    ) {
      event.preventDefault();
      onFollowup(deal);
    }
  };
  const style: CSSProperties = {
    background: '#fff',
    border: '1px solid #dfe3e8',
    borderRadius: 6,
    padding: '8px 8px 6px 4px',
    display: 'flex',
    gap: 2,
    boxShadow: overlay ? '0 8px 24px rgba(15, 35, 60, 0.22)' : '0 1px 2px rgba(15, 35, 60, 0.06)',
    opacity: placeholder ? 0.4 : busy ? 0.7 : 1,
    cursor: overlay ? 'grabbing' : undefined,
    width: '100%',
    boxSizing: 'border-box',
  };
  return (
    <div style={style} onKeyDown={onKeyDown} data-deal-id={deal.id}>
      <div style={{ width: 22, flex: 'none', display: 'flex', justifyContent: 'center' }}>
        {mayWrite && handle && (
          <button
            ref={handle.ref}
            type="button"
            {...handle.attributes}
            aria-label={t('board.dragHandle', { title: deal.title })}
            title={t('board.dragHint')}
            style={{
              border: 'none',
              background: 'transparent',
              padding: '2px 0',
              color: MUTED,
              cursor: 'grab',
              height: 28,
              touchAction: 'none',
            }}
          >
            <HolderOutlined aria-hidden />
          </button>
        )}
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 4 }}>
          <Link
            to={`/deals/${deal.id}`}
            style={{
              flex: 1,
              minWidth: 0,
              fontWeight: 600,
              color: '#1f2933',
              lineHeight: '20px',
              display: '-webkit-box',
              WebkitLineClamp: 2,
              WebkitBoxOrient: 'vertical',
              overflow: 'hidden',
              wordBreak: 'break-word',
            }}
          >
            {deal.title}
          </Link>
          {mayWrite && onFollowup && (
            <Tooltip title={t('board.followupHint')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('board.followup', { title: deal.title })}
                onClick={() => onFollowup(deal)}
                style={{ flex: 'none', color: '#1f5fa8' }}
              />
            </Tooltip>
          )}
          {mayWrite && onMove && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [{ type: 'group', label: t('board.moveTo'), children: stageItems }],
                onClick: ({ key }) => onMove(key),
              }}
            >
              <Button
                type="text"
                size="small"
                icon={<MoreOutlined />}
                aria-label={t('board.moveDeal', { title: deal.title })}
                style={{ flex: 'none', color: MUTED }}
              />
            </Dropdown>
          )}
        </div>
        {deal.accountName && (
          <div
            style={{
              color: MUTED,
              fontSize: 12,
              lineHeight: '18px',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
            title={deal.accountName}
          >
            {deal.accountName}
          </div>
        )}
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 6, minHeight: 28 }}>
          <LightDot light={deal.light} />
          <Tooltip title={formatMoneyExact(deal.amount, deal.currency, lang)}>
            <span style={{ fontWeight: 600, color: '#1f2933', whiteSpace: 'nowrap' }}>
              {formatMoneyShort(deal.amount, deal.currency, lang)}
            </span>
          </Tooltip>
          <span
            style={{
              color: MUTED,
              fontSize: 12,
              flex: 1,
              minWidth: 0,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {deal.ownerName ?? ''}
          </span>
          <Tooltip title={t('board.daysInStageLong', { n: deal.daysInStage })}>
            <span
              style={{
                fontSize: 12,
                lineHeight: '18px',
                padding: '0 6px',
                borderRadius: 9,
                background: '#eef1f5',
                color: '#2d3a4a',
                whiteSpace: 'nowrap',
                flex: 'none',
              }}
            >
              {t('board.daysInStage', { n: deal.daysInStage })}
            </span>
          </Tooltip>
        </div>
      </div>
    </div>
  );
}
