import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../api-client';
import { type MessageKey, useI18n } from '../../i18n';

interface Rhythm {
  digestTime: string;
  updateWindowDays: number;
  workdays: number[];
  notifyLocale: 'zh-CN' | 'en';
}
interface Settings extends Rhythm {
  name: string;
  timezone: string;
  currency: string;
  attachmentMaxBytes: number;
  dailyUpdateTime: string;
  version: number;
  light: { redStalledDays: number; yellowStalledDays: number; yellowNextStepDueDays: number };
}
interface Values extends Rhythm {
  name: string;
  timezone: string;
  currency: string;
  attachmentMaxMb: number;
  dailyUpdateTime: string;
  light: Settings['light'];
}

const ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Australia/Sydney',
  'UTC',
];
const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];
const MB = 1024 * 1024;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Organisation name, time zone, currency, status-light thresholds and attachment limit (PATCH with version). */
export function OrgSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const apply = useCallback(
    (s: Settings) => {
      setSettings(s);
      form.setFieldsValue({
        name: s.name,
        timezone: s.timezone,
        currency: s.currency,
        light: s.light,
        attachmentMaxMb: Math.round((s.attachmentMaxBytes / MB) * 10) / 10,
        dailyUpdateTime: s.dailyUpdateTime,
        digestTime: s.digestTime,
        updateWindowDays: s.updateWindowDays,
        workdays: s.workdays,
        notifyLocale: s.notifyLocale,
      });
    },
    [form],
  );
  const load = useCallback(async () => apply(await api.get<Settings>('/api/settings')), [apply]);
  useEffect(() => {
    load().catch(() => setProblem(t('common.networkError')));
  }, [load, t]);

  const submit = async (v: Values) => {
    if (!settings) return;
    setSaving(true);
    setProblem(null);
    try {
      const result = await api.patch<Settings>('/api/settings', {
        name: v.name,
        timezone: v.timezone.trim(),
        currency: v.currency,
        light: v.light,
        attachmentMaxBytes: Math.round(v.attachmentMaxMb * MB),
        dailyUpdateTime: v.dailyUpdateTime,
        digestTime: v.digestTime,
        updateWindowDays: v.updateWindowDays,
        workdays: [...v.workdays].sort((a, b) => a - b),
        notifyLocale: v.notifyLocale,
        version: settings.version,
      });
      apply(result);
      message.success(t('org.saved'));
    } catch (error) {
      if (error instanceof ApiError) {
        const map = error.fieldMap();
        if (error.status === 409 && map.version) {
          // Keep what the admin typed, take the new version, say why.
          const typed = form.getFieldsValue();
          const fresh = await api.get<Settings>('/api/settings');
          setSettings(fresh);
          form.setFieldsValue(typed);
          setProblem(t('org.conflict'));
        } else {
          const names: Record<string, (string | number)[]> = { attachmentMaxBytes: ['attachmentMaxMb'] };
          // A workday's error (workdays.3) belongs to the whole group.
          for (const e of error.errors) if (e.field.startsWith('workdays.')) e.field = 'workdays';
          form.setFields(
            error.errors.map((e) => ({ name: (names[e.field] ?? e.field.split('.')) as never, errors: [e.message] })),
          );
          if (error.errors.length === 0) setProblem(error.detail ?? error.title);
        }
      } else setProblem(t('common.networkError'));
    } finally {
      setSaving(false);
    }
  };

  if (!settings)
    return problem ? <Alert type="error" showIcon title={problem} /> : <Skeleton active paragraph={{ rows: 8 }} />;
  const size = phone ? 'large' : 'middle';
  const days = <span aria-hidden>{t('org.days')}</span>;
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size={size}
      disabled={saving}
      onFinish={(v) => void submit(v)}
      style={{ maxWidth: 760 }}
    >
      {problem && <Alert type="warning" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('org.section')} style={{ marginBottom: 16 }}>
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Flex gap={12} vertical={phone}>
          <Form.Item
            name="timezone"
            label={t('org.timezone')}
            extra={t('org.timezoneHelp')}
            style={{ flex: 2 }}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <AutoComplete
              options={ZONES.map((z) => ({ value: z }))}
              maxLength={64}
              filterOption={(input, option) =>
                String(option?.value ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase())
              }
            />
          </Form.Item>
          <Form.Item name="currency" label={t('org.currency')} style={{ flex: 1 }}>
            <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Flex>
        <Flex gap={12} vertical={phone}>
          <Form.Item name="attachmentMaxMb" label={t('org.attachmentMax')} style={{ flex: 1 }}>
            <InputNumber<number> min={0.1} max={1024} step={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="dailyUpdateTime"
            label={t('org.dailyUpdateTime')}
            style={{ flex: 1 }}
            rules={[{ pattern: HH_MM, message: 'HH:MM' }]}
          >
            <Input maxLength={5} placeholder="17:00" />
          </Form.Item>
        </Flex>
      </Card>
      <Card size="small" title={t('org.rhythmSection')} style={{ marginBottom: 16 }}>
        <Flex gap={12} vertical={phone}>
          <Form.Item
            name="digestTime"
            label={t('org.digestTime')}
            style={{ flex: 1 }}
            rules={[
              { required: true, message: t('common.required') },
              { pattern: HH_MM, message: 'HH:MM' },
            ]}
          >
            <Input maxLength={5} placeholder="18:00" />
          </Form.Item>
          <Form.Item
            name="updateWindowDays"
            label={t('org.updateWindowDays')}
            extra={t('org.updateWindowHelp')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber<number> min={1} max={30} precision={0} suffix={days} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="notifyLocale"
            label={t('org.notifyLocale')}
            extra={t('org.notifyLocaleHelp')}
            style={{ flex: 1 }}
          >
            <Select
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="workdays" label={t('org.workdays')} extra={t('org.workdaysHelp')}>
          <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekday.${d}` as MessageKey) }))} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('org.lightSection')}>
        <Typography.Paragraph style={{ color: '#5c6673' }}>{t('org.lightHint')}</Typography.Paragraph>
        <Flex gap={12} vertical={phone}>
          <Form.Item
            name={['light', 'redStalledDays']}
            label={t('org.redStalledDays')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber<number> min={1} max={365} precision={0} suffix={days} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name={['light', 'yellowStalledDays']}
            label={t('org.yellowStalledDays')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber<number> min={1} max={365} precision={0} suffix={days} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name={['light', 'yellowNextStepDueDays']}
            label={t('org.yellowNextStepDueDays')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber<number> min={0} max={60} precision={0} suffix={days} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Card>
      <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
        <Button
          onClick={() => {
            setProblem(null);
            void load();
          }}
        >
          {t('pipeline.reset')}
        </Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
