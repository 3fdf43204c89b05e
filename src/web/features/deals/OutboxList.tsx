import { CloudUploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, NetworkError } from '../../api-client';
import { formatDateTime, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import { discard, flushOutbox, type OutboxItem, useOutbox } from '../../offline/outbox';

/** Follow-ups kept on this device: waiting ones are sent when online; refused ones show why (discard or retry). */
export function OutboxList() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const items = useOutbox();
  const [busy, setBusy] = useState<string | null>(null);
  if (items.length === 0) return null;
  const now = new Date();

  const retry = async (item: OutboxItem) => {
    setBusy(item.id);
    try {
      await api.post(`/api/deals/${item.dealId}/followups`, item.body);
      await discard(item.id);
      message.success(t('outbox.sent'));
    } catch (error) {
      if (error instanceof NetworkError) message.error(t('common.networkError'));
      else if (error instanceof ApiError)
        message.error([error.detail ?? error.title, ...error.errors.map((e) => e.message)].join(' · '));
      else message.error(t('common.failed'));
    } finally {
      setBusy(null);
    }
  };
  const waiting = items.some((i) => i.status === 'waiting');

  return (
    <Card
      size="small"
      title={
        <span>
          <CloudUploadOutlined /> {t('outbox.title')}
          {lang === 'en' ? ` (${items.length})` : `（${items.length}）`}
        </span>
      }
      extra={
        waiting ? (
          <Button size="small" onClick={() => void flushOutbox()}>
            {t('outbox.sendNow')}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((item) => (
          <li key={item.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
            <Flex justify="space-between" gap={8} wrap align="flex-start">
              <div style={{ minWidth: 0, flex: 1 }}>
                <Flex gap={6} align="center" wrap>
                  {item.status === 'waiting' ? (
                    <Tag style={{ color: '#1f2933' }}>{t('outbox.waiting')}</Tag>
                  ) : (
                    <Tag style={{ color: '#b42318', background: '#fef3f2', borderColor: '#fda29b' }}>
                      {t('outbox.conflict')}
                    </Tag>
                  )}
                  <Link to={`/deals/${item.dealId}`} style={{ fontWeight: 500 }}>
                    {item.dealTitle}
                  </Link>
                  <span title={formatDateTime(item.createdAt, lang)} style={{ color: '#5c6673', fontSize: 12 }}>
                    {relativeTime(item.createdAt, now, t)}
                  </span>
                </Flex>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: '#1f2933' }}>
                  {String(item.body.verbatim ?? '')}
                </Typography.Paragraph>
                {item.status === 'conflict' && item.error && (
                  <div role="alert" style={{ color: '#b42318', fontSize: 13 }}>
                    {item.error}
                  </div>
                )}
              </div>
              {item.status === 'conflict' && (
                <Flex gap={6}>
                  <Button size="small" loading={busy === item.id} onClick={() => void retry(item)}>
                    {t('outbox.retry')}
                  </Button>
                  <Popconfirm
                    title={t('outbox.discardConfirm')}
                    okText={t('outbox.discard')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void discard(item.id)}
                  >
                    <Button size="small" style={{ color: '#b42318', borderColor: '#b42318' }}>
                      {t('outbox.discard')}
                    </Button>
                  </Popconfirm>
                </Flex>
              )}
            </Flex>
          </li>
        ))}
      </Flex>
    </Card>
  );
}
