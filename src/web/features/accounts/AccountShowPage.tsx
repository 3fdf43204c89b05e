import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Grid,
  Result,
  Row,
  Skeleton,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api, type Deal, type Followup, type Page } from '../../api-client';
import { PAGE_ROLES, useMe } from '../../auth';
import { formatDateTime, formatMoneyExact, formatMoneyShort, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import { LightDot } from '../deals/LightDot';
import { AccountForm } from './AccountForm';
import { AttachmentList } from './AttachmentList';
import { ContactForm } from './ContactForm';
import { ATTITUDE_STYLE, DecisionChainMap } from './DecisionChainMap';
import type { AccountDetail, Contact } from './types';
import './accounts.css';
import type { MessageKey } from '../../i18n';
import { HistoryButton } from '../audit/HistoryButton';
import { RecordHistory } from '../audit/RecordHistory';

/** Account fields as the audit trail names them. */
const ACCOUNT_FIELD_KEYS: Record<string, MessageKey> = {
  name: 'accounts.name',
  uscc: 'accounts.uscc',
  industry: 'accounts.industry',
  region: 'accounts.region',
  ownerId: 'accounts.owner',
  tier: 'accounts.tier',
};

/** Contact fields as the audit trail names them. */
const CONTACT_FIELD_KEYS: Record<string, MessageKey> = {
  name: 'contact.name',
  title: 'contact.title',
  phone: 'contact.phone',
  email: 'contact.email',
  wechat: 'contact.wechat',
  decisionRole: 'contact.role',
  attitude: 'contact.attitude',
  preferences: 'contact.preferences',
};

const MUTED = '#5c6673';
/** Links dark enough for 4.5:1 on white. */
const LINK = { color: '#1f5fa8' };
const FOLLOWUP_DEALS = 5;

type FollowupWithDeal = Followup & { dealTitle: string };

/** One account: profile, decision chain map, contacts, deals, recent follow-ups and files. */
export function AccountShowPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [editing, setEditing] = useState(false);
  const [deals, setDeals] = useState<Deal[] | null>(null);
  const [followups, setFollowups] = useState<FollowupWithDeal[] | null>(null);
  const [contactNew, setContactNew] = useState(false);
  // Bumped after an upload or removal, so the history shows it.
  const [historyKey, setHistoryKey] = useState(0);
  const readsDeals = PAGE_ROLES.ledger.includes(me.role);
  const canWrite = me.role === 'admin' || me.role === 'manager' || me.role === 'sales';
  const canUpload = canWrite || me.role === 'marketing';
  const contactId = params.get('contact');
  const openContact = account?.contacts.find((c) => c.id === contactId);
  const now = useMemo(() => new Date(), [followups, account]);

  const load = useCallback(async () => {
    try {
      setAccount(await api.get<AccountDetail>(`/api/accounts/${id}`));
      setError(null);
    } catch (e) {
      setError(e as Error);
    }
  }, [id]);
  useEffect(() => {
    setAccount(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (!readsDeals) return;
    setDeals(null);
    setFollowups(null);
    api
      .get<Page<Deal>>('/api/deals', { accountId: id, limit: 100, count: false, sort: '-updatedAt' })
      .then(async (page) => {
        setDeals(page.items);
        const lists = await Promise.all(
          page.items.slice(0, FOLLOWUP_DEALS).map((d) =>
            api
              .get<Page<Followup>>(`/api/deals/${d.id}/followups`, { limit: 5, count: false })
              .then((p) => p.items.map((f) => ({ ...f, dealTitle: d.title })))
              .catch(() => [] as FollowupWithDeal[]),
          ),
        );
        setFollowups(
          lists
            .flat()
            .sort((a, b) => (a.at < b.at ? 1 : -1))
            .slice(0, 10),
        );
      })
      .catch(() => {
        setDeals([]);
        setFollowups([]);
      });
  }, [id, readsDeals]);

  const closeContact = () => {
    setContactNew(false);
    if (contactId) {
      const next = new URLSearchParams(params);
      next.delete('contact');
      setParams(next, { replace: true });
    }
  };
  const showContact = (c: Contact) => {
    const next = new URLSearchParams(params);
    next.set('contact', c.id);
    setParams(next, { replace: true });
  };
  const stale = () => {
    message.warning(t('common.conflict'));
    void load();
  };

  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('common.notFound') : t('common.networkError')}
        extra={
          <Flex gap={8} justify="center">
            <Button onClick={() => navigate('/accounts')}>{t('common.back')}</Button>
            {!notFound && (
              <Button type="primary" onClick={() => void load()}>
                {t('common.retry')}
              </Button>
            )}
          </Flex>
        }
      />
    );
  }
  if (!account)
    return (
      <div style={{ maxWidth: 1280, margin: '0 auto' }}>
        <Skeleton active title paragraph={{ rows: 4 }} />
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );

  const text = (v: string | null) => v ?? '–';
  const profile = (
    <Card
      size="small"
      title={t('accounts.profile')}
      extra={
        canWrite && (
          <Button type="link" style={LINK} icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      <Descriptions
        size="small"
        column={phone ? 1 : 2}
        colon={false}
        styles={{ label: { color: MUTED } }}
        items={[
          {
            key: 'uscc',
            label: t('accounts.uscc'),
            children: <span style={{ fontFamily: 'monospace' }}>{text(account.uscc)}</span>,
          },
          { key: 'industry', label: t('accounts.industry'), children: text(account.industry) },
          { key: 'tier', label: t('accounts.tier'), children: account.tier ? <Tag>{account.tier}</Tag> : '–' },
          { key: 'size', label: t('accounts.size'), children: text(account.size) },
          { key: 'region', label: t('accounts.region'), children: text(account.region) },
          { key: 'source', label: t('accounts.source'), children: text(account.source) },
          { key: 'budget', label: t('accounts.budget'), children: text(account.budgetRange) },
          { key: 'owner', label: t('accounts.owner'), children: text(account.ownerName) },
          {
            key: 'pain',
            label: t('accounts.painPoints'),
            span: phone ? 1 : 2,
            children: <span style={{ whiteSpace: 'pre-wrap' }}>{text(account.painPoints)}</span>,
          },
          ...(account.tags.length > 0
            ? [
                {
                  key: 'tags',
                  label: t('accounts.tags'),
                  span: phone ? 1 : 2,
                  children: account.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );

  const chain = (
    <Card
      size="small"
      title={t('accounts.decisionChain')}
      extra={
        canWrite && (
          <Button type="link" style={LINK} icon={<PlusOutlined />} onClick={() => setContactNew(true)}>
            {t('contact.new')}
          </Button>
        )
      }
    >
      <DecisionChainMap contacts={account.contacts} onOpen={showContact} />
    </Card>
  );

  const contacts = (
    <Card size="small" title={`${t('accounts.contacts')} (${account.contacts.length})`}>
      {account.contacts.length === 0 ? (
        <Typography.Text style={{ color: MUTED }}>{t('contact.none')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {account.contacts.map((c) => {
            const style = ATTITUDE_STYLE[c.attitude ?? 'unknown'];
            return (
              <li key={c.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f1f3' }}>
                <Flex justify="space-between" gap={8} align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Button
                      type="link"
                      style={{ ...LINK, padding: 0, height: 'auto', fontWeight: 600 }}
                      onClick={() => showContact(c)}
                    >
                      {c.name}
                    </Button>
                    <span style={{ color: MUTED, marginInlineStart: 8 }}>{c.title ?? ''}</span>
                    <div style={{ fontSize: 13, color: '#3b434d' }}>
                      {[c.phone, c.email, c.wechat ? `${t('contact.wechat')}: ${c.wechat}` : null]
                        .filter(Boolean)
                        .join(' · ') || '–'}
                    </div>
                    {c.preferences && <div style={{ fontSize: 12, color: MUTED }}>{c.preferences}</div>}
                  </div>
                  <Flex align="flex-start" gap={4} style={{ flex: 'none' }}>
                    <Flex vertical align="flex-end" gap={4}>
                      {c.decisionRole && <Tag style={{ marginInlineEnd: 0 }}>{t(`decision.${c.decisionRole}`)}</Tag>}
                      {c.attitude && (
                        <span
                          style={{
                            fontSize: 12,
                            color: style.text,
                            border: `1px solid ${style.border}`,
                            background: style.background,
                            borderRadius: 4,
                            padding: '0 6px',
                          }}
                        >
                          {t(`attitude.${c.attitude}`)}
                        </span>
                      )}
                    </Flex>
                    <HistoryButton
                      name={c.name}
                      sections={[{ entity: 'contact', id: c.id, fieldLabels: CONTACT_FIELD_KEYS }]}
                    />
                  </Flex>
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );

  const dealList = readsDeals && (
    <Card size="small" title={`${t('accounts.deals')} (${deals?.length ?? account.dealCount})`}>
      {deals === null ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : deals.length === 0 ? (
        <Typography.Text style={{ color: MUTED }}>{t('accounts.noDeals')}</Typography.Text>
      ) : (
        <Table<Deal>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={deals}
          showHeader={!phone}
          columns={[
            { key: 'light', width: 28, title: '', render: (_, d) => <LightDot light={d.light} /> },
            {
              key: 'title',
              title: t('accounts.deals'),
              render: (_, d) => <Link to={`/deals/${d.id}`}>{d.title}</Link>,
            },
            { key: 'stage', title: t('accounts.stage'), width: 100, render: (_, d) => d.stageName },
            {
              key: 'amount',
              title: t('accounts.amount'),
              width: 100,
              align: 'right',
              render: (_, d) => (
                <Tooltip title={formatMoneyExact(d.amount, d.currency, lang)}>
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoneyShort(d.amount, d.currency, lang)}
                  </span>
                </Tooltip>
              ),
            },
            ...(phone
              ? []
              : [
                  {
                    key: 'owner',
                    title: t('accounts.owner'),
                    width: 90,
                    render: (_: unknown, d: Deal) => d.ownerName ?? '–',
                  },
                ]),
          ]}
        />
      )}
    </Card>
  );

  const followupList = readsDeals && (
    <Card size="small" title={t('accounts.followups')}>
      {followups === null ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : followups.length === 0 ? (
        <Typography.Text style={{ color: MUTED }}>{t('accounts.noFollowups')}</Typography.Text>
      ) : (
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {followups.map((f) => (
            <li key={f.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f1f3' }}>
              <Flex justify="space-between" gap={8} style={{ fontSize: 12, color: MUTED }}>
                <span>
                  <Link to={`/deals/${f.dealId}`}>{f.dealTitle}</Link> · {f.authorName ?? ''}
                </span>
                <Tooltip title={formatDateTime(f.at, lang)}>
                  <span>{relativeTime(f.at, now, t)}</span>
                </Tooltip>
              </Flex>
              <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>“{f.verbatim}”</div>
              {f.nextStep && (
                <div style={{ fontSize: 12, color: '#3b434d' }}>
                  → {f.nextStep}
                  {f.nextStepDue ? ` (${f.nextStepDue})` : ''}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );

  const files = (
    <Card size="small" title={t('accounts.attachments')}>
      <AttachmentList
        entity="account"
        entityId={account.id}
        canUpload={canUpload}
        onChange={() => setHistoryKey((k) => k + 1)}
      />
    </Card>
  );

  return (
    <div className="tz-a11y" style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          aria-label={t('common.back')}
          onClick={() => navigate('/accounts')}
        />
        <Typography.Title level={3} style={{ margin: 0, flex: 1, minWidth: 0 }}>
          {account.name}
        </Typography.Title>
        {account.tier && <Tag>{account.tier}</Tag>}
        {readsDeals && (
          <Typography.Text style={{ color: MUTED }}>
            {t('accounts.dealCount', { n: account.dealCount })}
          </Typography.Text>
        )}
      </Flex>
      {account.deletedAt && (
        <Alert type="warning" showIcon title={t('accounts.deleted')} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            {profile}
            {chain}
            {contacts}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            {dealList}
            {followupList}
            {files}
            <Card size="small" title={t('audit.history')}>
              <RecordHistory key={historyKey} entity="account" id={account.id} fieldLabels={ACCOUNT_FIELD_KEYS} />
            </Card>
          </Flex>
        </Col>
      </Row>
      <AccountForm
        open={editing}
        account={account}
        onClose={() => setEditing(false)}
        onStale={stale}
        onSaved={() => {
          setEditing(false);
          void load();
        }}
      />
      <ContactForm
        open={contactNew || Boolean(openContact)}
        accountId={account.id}
        contact={contactNew ? undefined : openContact}
        canWrite={canWrite}
        onClose={closeContact}
        onStale={() => {
          void load();
        }}
        onSaved={() => {
          closeContact();
          void load();
        }}
      />
    </div>
  );
}
