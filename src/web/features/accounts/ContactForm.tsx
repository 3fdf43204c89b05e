import { Alert, App, Button, Drawer, Flex, Form, Grid, Input, Popconfirm, Select } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, NetworkError } from '../../api-client';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import './accounts.css';
import { ATTITUDES, type Contact, DECISION_ROLES } from './types';

interface Values {
  name?: string;
  title?: string;
  phone?: string;
  email?: string;
  wechat?: string;
  decisionRole?: string | null;
  attitude?: string | null;
  preferences?: string;
}
const FIELDS = ['name', 'title', 'phone', 'email', 'wechat', 'decisionRole', 'attitude', 'preferences'] as const;
const blank = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);

interface Props {
  open: boolean;
  accountId: string;
  /** Edit this contact; add a new one when absent. */
  contact?: Contact;
  canWrite: boolean;
  onClose(): void;
  onSaved(): void;
  onStale(): void;
}

/** Add or edit a contact (decision role and attitude feed the chain map); the draft survives failures. */
export function ContactForm({ open, accountId, contact, canWrite, onClose, onSaved, onStale }: Props) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const key = `tz.contactForm.draft.${me.id}.${contact?.id ?? `new.${accountId}`}`;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    let draft: Values | null = null;
    try {
      draft = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Values | null;
    } catch {
      /* ignore */
    }
    form.setFieldsValue({ ...(contact ?? {}), ...(draft ?? {}) } as Values);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, contact?.id, contact?.version]);

  const fail = (error: unknown) => {
    if (error instanceof ApiError) {
      const map = error.fieldMap();
      if (error.status === 409 && map.version) {
        message.warning(t('common.conflict'));
        onStale();
        return;
      }
      const known = FIELDS.filter((f) => map[f]);
      form.setFields(known.map((name) => ({ name, errors: [map[name]!] })));
      if (known.length === 0) setFormError(error.detail ?? error.title);
    } else if (error instanceof NetworkError) setFormError(`${t('common.networkError')} · ${t('accounts.draftKept')}`);
    else setFormError(t('common.failed'));
  };

  const submit = async (v: Values) => {
    setSaving(true);
    setFormError(null);
    const body = {
      name: v.name?.trim() ?? '',
      title: blank(v.title),
      phone: blank(v.phone),
      email: blank(v.email),
      wechat: blank(v.wechat),
      decisionRole: v.decisionRole ?? null,
      attitude: v.attitude ?? null,
      preferences: blank(v.preferences),
    };
    try {
      if (contact) await api.patch(`/api/contacts/${contact.id}`, { ...body, version: contact.version });
      else await api.post(`/api/accounts/${accountId}/contacts`, body);
      sessionStorage.removeItem(key);
      message.success(t('contact.saved'));
      onSaved();
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!contact) return;
    setSaving(true);
    try {
      await api.delete(`/api/contacts/${contact.id}`);
      sessionStorage.removeItem(key);
      message.success(t('contact.deleted'));
      onSaved();
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  const size = phone ? 'large' : 'middle';
  const pair = (a: React.ReactNode, b: React.ReactNode) => (
    <Flex gap={12} vertical={phone}>
      <div style={{ flex: 1 }}>{a}</div>
      <div style={{ flex: 1 }}>{b}</div>
    </Flex>
  );
  return (
    <Drawer
      rootClassName="tz-a11y"
      open={open}
      onClose={onClose}
      size={phone ? '100%' : 480}
      title={contact ? t('contact.edit') : t('contact.new')}
      footer={
        canWrite ? (
          <Flex justify="space-between" gap={8}>
            {contact ? (
              <Popconfirm
                title={t('contact.confirmDelete', { name: contact.name })}
                onConfirm={() => void remove()}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
              >
                <Button danger size={size} disabled={saving}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ) : (
              <span />
            )}
            <Flex gap={8}>
              <Button onClick={onClose} size={size}>
                {t('common.cancel')}
              </Button>
              <Button type="primary" loading={saving} onClick={() => form.submit()} size={size}>
                {t('common.save')}
              </Button>
            </Flex>
          </Flex>
        ) : null
      }
    >
      {formError && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={formError} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={size}
        disabled={saving || !canWrite}
        onFinish={(v) => void submit(v)}
        onValuesChange={(_, all) => sessionStorage.setItem(key, JSON.stringify(all))}
      >
        {pair(
          <Form.Item
            name="name"
            label={t('contact.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} autoFocus />
          </Form.Item>,
          <Form.Item name="title" label={t('contact.title')}>
            <Input maxLength={100} />
          </Form.Item>,
        )}
        {pair(
          <Form.Item name="decisionRole" label={t('contact.role')}>
            <Select allowClear options={DECISION_ROLES.map((r) => ({ value: r, label: t(`decision.${r}`) }))} />
          </Form.Item>,
          <Form.Item name="attitude" label={t('contact.attitude')}>
            <Select allowClear options={ATTITUDES.map((a) => ({ value: a, label: t(`attitude.${a}`) }))} />
          </Form.Item>,
        )}
        {pair(
          <Form.Item name="phone" label={t('contact.phone')}>
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>,
          <Form.Item name="wechat" label={t('contact.wechat')}>
            <Input maxLength={100} />
          </Form.Item>,
        )}
        <Form.Item name="email" label={t('contact.email')}>
          <Input maxLength={200} inputMode="email" />
        </Form.Item>
        <Form.Item name="preferences" label={t('contact.preferences')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
