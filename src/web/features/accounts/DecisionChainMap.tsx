import { Flex, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { Attitude, Contact, DecisionRole } from './types';

/** Attitude colours: deliberately not the status light's red/yellow/green. Text labels go with them. */
export const ATTITUDE_STYLE: Record<
  Attitude | 'unknown',
  { border: string; background: string; text: string; mark: string }
> = {
  supportive: { border: '#1f5fa8', background: '#e8f1fb', text: '#173f6e', mark: '+' },
  neutral: { border: '#6b7480', background: '#f2f3f5', text: '#3b434d', mark: '=' },
  opposed: { border: '#6b3fa0', background: '#f3edfa', text: '#4a2a72', mark: '−' },
  unknown: { border: '#9aa3ad', background: '#ffffff', text: '#3b434d', mark: '?' },
};

const LEVELS: { key: 'chain.level1' | 'chain.level2' | 'chain.level3'; roles: DecisionRole[] }[] = [
  { key: 'chain.level1', roles: ['decision_maker'] },
  { key: 'chain.level2', roles: ['influencer', 'champion', 'blocker'] },
  { key: 'chain.level3', roles: ['user', 'gatekeeper'] },
];

interface Props {
  contacts: Contact[];
  onOpen(contact: Contact): void;
}

/**
 * The decision chain as a small map: decision makers on top, influencers/champions/blockers below,
 * users/gatekeepers at the bottom; each person a node coloured (and labelled) by attitude.
 */
export function DecisionChainMap({ contacts, onOpen }: Props) {
  const { t } = useI18n();
  if (contacts.length === 0)
    return <Typography.Paragraph style={{ color: '#5c6673', margin: 0 }}>{t('chain.empty')}</Typography.Paragraph>;
  const unassigned = contacts.filter((c) => !c.decisionRole);
  const rows = [
    ...LEVELS.map((level) => ({
      label: t(level.key),
      people: contacts.filter((c) => c.decisionRole && level.roles.includes(c.decisionRole)),
    })),
    ...(unassigned.length > 0 ? [{ label: t('chain.unassigned'), people: unassigned }] : []),
  ];

  const node = (c: Contact) => {
    const attitude = c.attitude ?? 'unknown';
    const style = ATTITUDE_STYLE[attitude];
    const roleName = c.decisionRole ? t(`decision.${c.decisionRole}`) : t('chain.unassigned');
    const attitudeName = t(`attitude.${attitude}`);
    return (
      <button
        key={c.id}
        type="button"
        onClick={() => onOpen(c)}
        style={{
          border: `2px solid ${style.border}`,
          background: style.background,
          color: style.text,
          borderRadius: 8,
          padding: '6px 10px',
          minWidth: 112,
          minHeight: 44,
          textAlign: 'left',
          cursor: 'pointer',
          font: 'inherit',
          borderStyle: attitude === 'opposed' ? 'dashed' : 'solid',
        }}
      >
        <div style={{ fontWeight: 600, fontSize: 14, lineHeight: '20px' }}>{c.name}</div>
        <div style={{ fontSize: 12, lineHeight: '18px' }}>
          {roleName}
          {c.title ? ` · ${c.title}` : ''}
        </div>
        <div style={{ fontSize: 12, lineHeight: '18px' }}>
          <span aria-hidden style={{ fontWeight: 700 }}>
            {style.mark}{' '}
          </span>
          {attitudeName}
        </div>
      </button>
    );
  };

  return (
    <div>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('accounts.decisionChain')}>
        {rows.map((row, index) => (
          <li key={row.label} style={{ position: 'relative', paddingBottom: index < rows.length - 1 ? 18 : 0 }}>
            <div style={{ fontSize: 12, color: '#5c6673', marginBottom: 4 }}>{row.label}</div>
            <Flex
              wrap
              gap={8}
              justify="center"
              style={{
                minHeight: 44,
                padding: '6px 4px',
                background: '#fafbfc',
                borderRadius: 8,
                border: '1px solid #e8eaed',
              }}
            >
              {row.people.length > 0 ? (
                row.people.map(node)
              ) : (
                <span style={{ color: '#5c6673', alignSelf: 'center', fontSize: 12 }}>–</span>
              )}
            </Flex>
            {index < rows.length - 1 && (
              <div
                aria-hidden
                style={{ position: 'absolute', left: '50%', bottom: 2, width: 2, height: 14, background: '#c3c9d0' }}
              />
            )}
          </li>
        ))}
      </ol>
      <Flex wrap gap={12} style={{ marginTop: 10, fontSize: 12 }} aria-label={t('chain.legend')} role="list">
        {(['supportive', 'neutral', 'opposed'] as const).map((a) => (
          <span
            key={a}
            role="listitem"
            style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: '#3b434d' }}
          >
            <span
              aria-hidden
              style={{
                width: 14,
                height: 14,
                borderRadius: 3,
                border: `2px ${a === 'opposed' ? 'dashed' : 'solid'} ${ATTITUDE_STYLE[a].border}`,
                background: ATTITUDE_STYLE[a].background,
              }}
            />
            {ATTITUDE_STYLE[a].mark} {t(`attitude.${a}`)}
          </span>
        ))}
      </Flex>
    </div>
  );
}
