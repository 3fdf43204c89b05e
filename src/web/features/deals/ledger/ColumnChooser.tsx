import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover } from 'antd';
import { memo } from 'react';
import { type MessageKey, useI18n } from '../../../i18n';
import { COLUMN_KEYS, type ColumnKey } from './columns';

const LABELS: Record<ColumnKey, MessageKey> = {
  account: 'col.account',
  stage: 'col.stage',
  amount: 'col.amount',
  probability: 'col.probability',
  expectedClose: 'col.expectedClose',
  owner: 'col.owner',
  lastFollowup: 'col.lastFollowup',
  nextStep: 'col.nextStep',
  light: 'col.light',
};

/** Which optional columns show (remembered per user by the page). */
export const ColumnChooser = memo(function ColumnChooser({
  hidden,
  onChange,
}: {
  hidden: ColumnKey[];
  onChange(hidden: ColumnKey[]): void;
}) {
  const { t } = useI18n();
  const content = (
    <Flex vertical gap={4} role="group" aria-label={t('columns.choose')}>
      {COLUMN_KEYS.map((key) => (
        <Checkbox
          key={key}
          checked={!hidden.includes(key)}
          onChange={(e) => onChange(e.target.checked ? hidden.filter((h) => h !== key) : [...hidden, key])}
        >
          {t(LABELS[key])}
        </Checkbox>
      ))}
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} aria-haspopup="dialog">
        {t('columns.choose')}
      </Button>
    </Popover>
  );
});
