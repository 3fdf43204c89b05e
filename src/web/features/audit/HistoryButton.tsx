import { HistoryOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Tooltip } from 'antd';
import { type ReactNode, useState } from 'react';
import { type MessageKey, useI18n } from '../../i18n';
import { type HistoryEntity, RecordHistory } from './RecordHistory';

/** One record whose history a drawer shows (an instalment and each of its receipts, say). */
export interface HistorySection {
  entity: HistoryEntity;
  id: string;
  /** A heading when the drawer shows several records. */
  heading?: ReactNode;
  fieldLabels?: Record<string, MessageKey>;
  formatValue?(field: string, value: string): string;
}

/**
 * A "history" button that opens the field-level change history (who, field, from → to, when; filterable
 * by field and person) of one record, or of a record and the records hanging off it, in a drawer.
 */
export function HistoryButton({
  name,
  sections,
  size = 'small',
}: {
  name: string;
  sections: HistorySection[];
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const phone = Grid.useBreakpoint().md === false;
  return (
    <>
      <Tooltip title={t('audit.open')}>
        <Button
          type="text"
          size={size}
          icon={<HistoryOutlined />}
          aria-label={t('audit.openOf', { name })}
          aria-haspopup="dialog"
          onClick={() => setOpen(true)}
        />
      </Tooltip>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('audit.drawerTitle', { name })}
        size={phone ? '100%' : 640}
        destroyOnHidden
      >
        {sections.map((section) => (
          <section key={`${section.entity}-${section.id}`} style={{ marginBottom: 16 }}>
            {section.heading && (
              <h3 style={{ fontSize: 14, margin: '0 0 4px', color: '#1f2933' }}>{section.heading}</h3>
            )}
            <RecordHistory
              entity={section.entity}
              id={section.id}
              fieldLabels={section.fieldLabels}
              formatValue={section.formatValue}
            />
          </section>
        ))}
      </Drawer>
    </>
  );
}
