import { Drawer, Grid, Typography } from 'antd';
import type { Followup } from '../../api-client';
import { useI18n } from '../../i18n';
import { type FollowupDealRef, FollowupForm } from './FollowupForm';

export type { FollowupDealRef };

interface Props {
  deal: FollowupDealRef | null;
  open: boolean;
  onClose(): void;
  onSaved(followup: Followup): void;
}

/** The follow-up form in a drawer (full width on a phone); Esc closes it, the draft stays. */
export function FollowupDrawer({ deal, open, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  return (
    <Drawer
      rootClassName="tz-page"
      open={open && deal !== null}
      onClose={onClose}
      size={phone ? '100%' : 520}
      destroyOnHidden
      keyboard
      title={
        <div style={{ minWidth: 0 }}>
          <div>{t('followup.title')}</div>
          {deal && (
            <Typography.Text ellipsis style={{ fontWeight: 400, fontSize: 13, color: '#5c6673', display: 'block' }}>
              {t('followup.forDeal', { title: deal.title })}
            </Typography.Text>
          )}
        </div>
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      {deal && (
        <FollowupForm
          key={deal.id}
          deal={deal}
          large={phone}
          onSaved={(f) => {
            onSaved(f);
            onClose();
          }}
          onQueued={onClose}
        />
      )}
    </Drawer>
  );
}
