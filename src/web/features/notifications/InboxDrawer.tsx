import { Alert, Button, Drawer, Empty, Flex, Grid, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api-client';
import { formatDateTime, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import './notifications.css';

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  text: string;
  path: string;
  createdAt: string;
  readAt: string | null;
}
interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unread: number;
}

const PAGE_SIZE = 20;

/** The inbox, newest first: an item opens where it leads and is marked read; "mark all read"; more on demand. */
export default function InboxDrawer({
  open,
  onClose,
  onUnread,
}: {
  open: boolean;
  onClose(): void;
  onUnread(count: number): void;
}) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().sm === false;
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const request = useRef(0);

  const apply = useCallback(
    (count: number) => {
      setUnread(count);
      onUnread(count);
    },
    [onUnread],
  );
  const load = useCallback(
    async (after: string | null) => {
      const id = ++request.current;
      setLoading(true);
      setFailed(false);
      try {
        const page = await api.get<InboxPage>('/api/notifications', { limit: PAGE_SIZE, cursor: after });
        if (id !== request.current) return;
        setItems((before) => (after && before ? [...before, ...page.items] : page.items));
        setCursor(page.nextCursor);
        apply(page.unread);
      } catch {
        if (id === request.current) setFailed(true);
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    [apply],
  );
  // Each opening (and a language switch: items are rendered in the reader's language) starts from the newest.
  useEffect(() => {
    if (open) void load(null);
  }, [open, lang, load]);

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    const result = await api.post<{ unread: number }>('/api/notifications/read', body);
    const at = new Date().toISOString();
    setItems(
      (list) =>
        list?.map((item) =>
          'all' in body || body.ids.includes(item.id) ? { ...item, readAt: item.readAt ?? at } : item,
        ) ?? null,
    );
    apply(result.unread);
  };
  const openItem = (item: InboxItem) => {
    if (!item.readAt) void markRead({ ids: [item.id] }).catch(() => undefined);
    onClose();
    navigate(item.path);
  };

  const now = new Date();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="right"
      size={phone ? '100%' : 420}
      title={t('inbox.title')}
      extra={
        <Button
          size="small"
          disabled={unread === 0}
          onClick={() => void markRead({ all: true }).catch(() => setFailed(true))}
        >
          {t('inbox.markAll')}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      {failed && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('inbox.failed')}
          action={
            <Button size="small" onClick={() => void load(null)}>
              {t('common.retry')}
            </Button>
          }
          style={{ margin: 12 }}
        />
      )}
      {items === null ? (
        !failed && (
          <div style={{ padding: 16 }}>
            <Skeleton active paragraph={{ rows: 4 }} />
          </div>
        )
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} style={{ padding: '32px 16px' }} />
      ) : (
        <ul className="tz-inbox" aria-label={t('inbox.title')}>
          {items.map((item) => (
            <li key={item.id} className={item.readAt ? undefined : 'tz-inbox-unread'}>
              <button type="button" onClick={() => openItem(item)}>
                <Flex justify="space-between" gap={8} align="baseline">
                  <span className="tz-inbox-title">
                    {!item.readAt && <span className="tz-inbox-dot" aria-hidden />}
                    {!item.readAt && <span className="tz-visually-hidden">{t('inbox.unread')}: </span>}
                    {item.title}
                  </span>
                  <time
                    dateTime={item.createdAt}
                    title={formatDateTime(item.createdAt, lang)}
                    className="tz-inbox-time"
                  >
                    {relativeTime(item.createdAt, now, t)}
                  </time>
                </Flex>
                <Typography.Paragraph ellipsis={{ rows: 2 }} className="tz-inbox-text">
                  {item.text}
                </Typography.Paragraph>
              </button>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <Flex justify="center" style={{ padding: 12 }}>
          <Button loading={loading} onClick={() => void load(cursor)}>
            {t('inbox.loadMore')}
          </Button>
        </Flex>
      )}
    </Drawer>
  );
}
