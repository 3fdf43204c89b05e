import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { lazy, useCallback, useEffect, useState } from 'react';
import { api } from '../../api-client';
import { useI18n } from '../../i18n';
import { MountWhen } from '../../lazy';

// The inbox (drawer, list) is a chunk of its own, loaded when the bell is first pressed.
const InboxDrawer = lazy(() => import('./InboxDrawer'));

const POLL_MS = 60_000;

/** The header's bell: unread count (asked every minute and when the window regains focus), opens the inbox. */
export function NotificationBell() {
  const { t } = useI18n();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);

  const refresh = useCallback(() => {
    // The cheapest question the inbox answers: one unread item at most, and the count.
    api.get<{ unread: number }>('/api/notifications', { unread: 'true', limit: 1 }).then(
      (page) => setUnread(page.unread),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, POLL_MS);
    window.addEventListener('focus', refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [refresh]);

  const label = unread > 0 ? t('inbox.openUnread', { count: unread }) : t('inbox.open');
  return (
    <>
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={label}
          title={label}
          aria-haspopup="dialog"
          onClick={() => setOpen(true)}
        />
      </Badge>
      <MountWhen when={open}>
        <InboxDrawer open={open} onClose={() => setOpen(false)} onUnread={setUnread} />
      </MountWhen>
    </>
  );
}
