import { Alert, Form, Grid, Input, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api-client';
import { type MessageKey, useI18n } from '../../i18n';

export const CHANNEL_KINDS = ['dingtalk', 'wecom', 'feishu', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A channel as the API shows it: never its secret, the address's tokens cut. */
export interface Channel {
  id: string;
  scope: 'user' | 'team';
  scopeId: string;
  kind: ChannelKind;
  name: string;
  target: string;
  signed: boolean;
  enabled: boolean;
  failingSince: string | null;
  lastError: string | null;
  lastSuccessAt: string | null;
  version: number;
  createdAt: string;
}

interface Values {
  name: string;
  kind: ChannelKind;
  webhookUrl?: string;
  url?: string;
  secret?: string;
  to?: string;
  enabled: boolean;
}

/** Where a channel goes: the signed-in user's own, or a team's group chat. */
export interface ChannelOwner {
  scope: 'user' | 'team';
  scopeId?: string;
}

// The form's field for each field of the API's `config` (e-mail's `to.3` is the recipients' box).
const FORM_FIELD: Record<string, keyof Values> = {
  name: 'name',
  enabled: 'enabled',
  'config.kind': 'kind',
  'config.webhookUrl': 'webhookUrl',
  'config.url': 'url',
  'config.secret': 'secret',
  'config.to': 'to',
};
const formField = (apiField: string): keyof Values | undefined =>
  FORM_FIELD[apiField] ?? FORM_FIELD[apiField.replace(/\.\d+$/, '')];

function configOf(v: Values, keepSecret: boolean) {
  const secret = v.secret?.trim() ? v.secret.trim() : undefined;
  // On an edit an empty secret keeps the stored one: the API keeps a secret left out.
  const withSecret = <T extends object>(config: T) =>
    secret !== undefined || !keepSecret ? { ...config, ...(secret !== undefined ? { secret } : {}) } : config;
  switch (v.kind) {
    case 'dingtalk':
      return withSecret({ kind: v.kind, webhookUrl: v.webhookUrl ?? '' });
    case 'feishu':
      return withSecret({ kind: v.kind, webhookUrl: v.webhookUrl ?? '' });
    case 'wecom':
      return { kind: v.kind, webhookUrl: v.webhookUrl ?? '' };
    case 'webhook':
      return withSecret({ kind: v.kind, url: v.url ?? '' });
    case 'email':
      return { kind: v.kind, to: (v.to ?? '').split(/[\s,;，；]+/).filter(Boolean) };
  }
}

/**
 * Adds or changes a channel: the fields of its kind, the API's errors next to them, nothing typed lost on a
 * failed or stale save (a stale version takes the new version and keeps the form).
 */
export function ChannelForm({
  open,
  channel,
  owner,
  onClose,
  onSaved,
}: {
  open: boolean;
  channel: Channel | null;
  owner: ChannelOwner;
  onClose(): void;
  onSaved(channel: Channel): void;
}) {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? channel?.kind ?? 'dingtalk';
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(channel?.version ?? 0);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setVersion(channel?.version ?? 0);
    form.resetFields();
    form.setFieldsValue(
      channel
        ? {
            name: channel.name,
            kind: channel.kind,
            enabled: channel.enabled,
            to: channel.kind === 'email' ? channel.target.split(', ').join('\n') : undefined,
          }
        : { kind: 'dingtalk', enabled: true },
    );
  }, [open, channel, form]);

  const submit = async (v: Values) => {
    // The stored address is not shown (only its masked form): an edit without one keeps the configuration.
    const addressField = v.kind === 'webhook' ? 'url' : 'webhookUrl';
    const keepConfig = channel !== null && v.kind !== 'email' && !v[addressField]?.trim();
    if (keepConfig && v.secret?.trim()) {
      form.setFields([{ name: addressField, errors: [t('common.required')] }]);
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const saved = channel
        ? await api.patch<Channel>(`/api/notification-channels/${channel.id}`, {
            name: v.name,
            ...(keepConfig ? {} : { config: configOf(v, true) }),
            enabled: v.enabled,
            version,
          })
        : await api.post<Channel>('/api/notification-channels', {
            ...owner,
            name: v.name,
            config: configOf(v, false),
            enabled: v.enabled,
          });
      onSaved(saved);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem(t('common.networkError'));
        return;
      }
      if (error.status === 409 && channel) {
        const fresh = (
          await api.get<{ items: Channel[] }>('/api/notification-channels').catch(() => ({ items: [] as Channel[] }))
        ).items.find((c) => c.id === channel.id);
        if (fresh) setVersion(fresh.version);
        setProblem(t('channels.conflict'));
        return;
      }
      const placed = error.errors.flatMap((e) => {
        const name = formField(e.field);
        return name ? [{ name, errors: [e.message] }] : [];
      });
      form.setFields(placed);
      if (placed.length < error.errors.length || error.errors.length === 0)
        setProblem(
          error.errors
            .filter((e) => !formField(e.field))
            .map((e) => `${e.field}: ${e.message}`)
            .join('; ') ||
            error.detail ||
            error.title,
        );
    } finally {
      setSaving(false);
    }
  };

  const secretHelp = channel?.signed ? t('channels.secretKept') : undefined;
  const urlRules = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Modal
      rootClassName="tz-a11y"
      open={open}
      title={channel ? t('channels.editTitle') : t('channels.newTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      destroyOnHidden={false}
      forceRender
    >
      {problem && <Alert type="warning" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={phone ? 'large' : 'middle'}
        onFinish={(v) => void submit(v)}
        disabled={saving}
      >
        <Form.Item name="kind" label={t('channels.kind')}>
          <Select
            disabled={channel !== null}
            options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`channels.kind.${k}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('channels.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} placeholder={t('channels.namePlaceholder')} />
        </Form.Item>
        {(kind === 'dingtalk' || kind === 'wecom' || kind === 'feishu') && (
          <Form.Item
            name="webhookUrl"
            label={t('channels.webhookUrl')}
            extra={t(`channels.${kind}UrlHelp` as MessageKey)}
            rules={channel ? [] : urlRules}
          >
            <Input maxLength={2000} inputMode="url" placeholder={channel?.target} />
          </Form.Item>
        )}
        {kind === 'webhook' && (
          <Form.Item name="url" label={t('channels.url')} extra={t('channels.urlHelp')} rules={channel ? [] : urlRules}>
            <Input maxLength={2000} inputMode="url" placeholder={channel?.target ?? 'https://'} />
          </Form.Item>
        )}
        {kind === 'dingtalk' && (
          <Form.Item
            name="secret"
            label={t('channels.dingtalkSecret')}
            extra={secretHelp ?? t('channels.dingtalkSecretHelp')}
          >
            <Input.Password maxLength={200} autoComplete="off" />
          </Form.Item>
        )}
        {kind === 'feishu' && (
          <Form.Item name="secret" label={t('channels.feishuSecret')} extra={secretHelp}>
            <Input.Password maxLength={200} autoComplete="off" />
          </Form.Item>
        )}
        {kind === 'webhook' && (
          <Form.Item
            name="secret"
            label={t('channels.webhookSecret')}
            extra={secretHelp ?? t('channels.webhookSecretHelp')}
            rules={[{ min: 16, message: t('channels.secretMin') }]}
          >
            <Input.Password maxLength={200} autoComplete="off" />
          </Form.Item>
        )}
        {kind === 'email' && (
          <Form.Item name="to" label={t('channels.to')} extra={t('channels.toHelp')} rules={urlRules}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} inputMode="email" />
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t('channels.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
