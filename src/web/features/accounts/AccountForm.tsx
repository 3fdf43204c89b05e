import { Alert, App, AutoComplete, Button, Drawer, Flex, Form, Grid, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, NetworkError } from '../../api-client';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import './accounts.css';
import { type Account, BUDGETS, INDUSTRIES, SIZES, SOURCES, TIERS } from './types';

interface Values {
  name?: string;
  uscc?: string;
  industry?: string;
  size?: string;
  region?: string;
  source?: string;
  budgetRange?: string;
  painPoints?: string;
  tier?: string;
  tags?: string[];
}
const FIELDS = [
  'name',
  'uscc',
  'industry',
  'size',
  'region',
  'source',
  'budgetRange',
  'painPoints',
  'tier',
  'tags',
] as const;
const draftKey = (userId: string, accountId?: string) => `tz.accountForm.draft.${userId}.${accountId ?? 'new'}`;

const fromAccount = (a: Account): Values => ({
  name: a.name,
  uscc: a.uscc ?? '',
  industry: a.industry ?? '',
  size: a.size ?? '',
  region: a.region ?? '',
  source: a.source ?? '',
  budgetRange: a.budgetRange ?? '',
  painPoints: a.painPoints ?? '',
  tier: a.tier ?? undefined,
  tags: a.tags,
});
const suggestions = (list: string[]) => list.map((value) => ({ value }));
const blank = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

interface Props {
  open: boolean;
  /** Edit this account (with its version); create a new one when absent. */
  account?: Account;
  onClose(): void;
  onSaved(account: Account): void;
  /** The account changed under us (409 on version): the page reloads it. */
  onStale?(): void;
}

/** New account or profile edit, in a drawer: API field errors next to fields, the draft kept on failure. */
export function AccountForm({ open, account, onClose, onSaved, onStale }: Props) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [existing, setExisting] = useState<{ id: string } | null>(null);
  const key = draftKey(me.id, account?.id);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setExisting(null);
    form.resetFields();
    let draft: Values | null = null;
    try {
      draft = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Values | null;
    } catch {
      /* ignore */
    }
    form.setFieldsValue({ ...(account ? fromAccount(account) : {}), ...(draft ?? {}) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, account?.id, account?.version]);

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    setExisting(null);
    const body = {
      name: values.name?.trim() ?? '',
      uscc: blank(values.uscc),
      industry: blank(values.industry),
      size: blank(values.size),
      region: blank(values.region),
      source: blank(values.source),
      budgetRange: blank(values.budgetRange),
      painPoints: blank(values.painPoints),
      tier: blank(values.tier),
      tags: values.tags ?? [],
    };
    try {
      const saved = account
        ? await api.patch<Account>(`/api/accounts/${account.id}`, { ...body, version: account.version })
        : await api.post<Account>('/api/accounts', body);
      sessionStorage.removeItem(key);
      message.success(account ? t('common.saved') : t('accounts.created'));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError) {
        const map = error.fieldMap();
        if (error.status === 409 && map.version) {
          // Someone else changed the account: keep the draft, reload the record.
          setFormError(t('common.conflict'));
          onStale?.();
          return;
        }
        const known = FIELDS.filter((f) => map[f]);
        form.setFields(known.map((name) => ({ name, errors: [map[name]!] })));
        if (error.status === 409 && typeof error.body.existingId === 'string')
          setExisting({ id: error.body.existingId });
        if (known.length === 0) setFormError(error.detail ?? error.title);
      } else if (error instanceof NetworkError) {
        setFormError(`${t('common.networkError')} · ${t('accounts.draftKept')}`);
      } else {
        setFormError(t('common.failed'));
      }
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
      size={phone ? '100%' : 520}
      title={account ? t('accounts.formTitleEdit') : t('accounts.formTitleNew')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} size={size}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} size={size}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {formError && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={formError} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={size}
        disabled={saving}
        onFinish={(v) => void submit(v)}
        onValuesChange={(_, all) => sessionStorage.setItem(key, JSON.stringify(all))}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.submit();
          }
        }}
      >
        <Form.Item
          name="name"
          label={t('accounts.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('accounts.uscc')}
          extra={
            existing ? (
              <Link to={`/accounts/${existing.id}`} onClick={onClose}>
                {t('accounts.openExisting')}
              </Link>
            ) : (
              t('accounts.usccHelp')
            )
          }
        >
          <Input maxLength={40} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {pair(
          <Form.Item name="industry" label={t('accounts.industry')}>
            <AutoComplete options={suggestions(INDUSTRIES)} maxLength={100} filterOption />
          </Form.Item>,
          <Form.Item name="tier" label={t('accounts.tier')}>
            <Select allowClear options={TIERS.map((v) => ({ value: v, label: v }))} />
          </Form.Item>,
        )}
        {pair(
          <Form.Item name="size" label={t('accounts.size')}>
            <AutoComplete options={suggestions(SIZES)} maxLength={50} />
          </Form.Item>,
          <Form.Item name="region" label={t('accounts.region')}>
            <Input maxLength={100} />
          </Form.Item>,
        )}
        {pair(
          <Form.Item name="source" label={t('accounts.source')}>
            <AutoComplete options={suggestions(SOURCES)} maxLength={100} />
          </Form.Item>,
          <Form.Item name="budgetRange" label={t('accounts.budget')}>
            <AutoComplete options={suggestions(BUDGETS)} maxLength={100} />
          </Form.Item>,
        )}
        <Form.Item name="painPoints" label={t('accounts.painPoints')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="tags" label={t('accounts.tags')}>
          <Select
            mode="tags"
            placeholder={t('accounts.tagsPlaceholder')}
            tokenSeparators={[',', '，']}
            open={false}
            suffixIcon={null}
            aria-label={t('accounts.tags')}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
