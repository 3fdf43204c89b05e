import { Alert, App, Button, DatePicker, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Followup, NetworkError } from '../../api-client';
import { type MessageKey, useI18n } from '../../i18n';
import { enqueueFollowup } from '../../offline/outbox';
import { isOpenStage, usePipeline } from './usePipeline';
import './ledger/ledger.css';

/** The deal a follow-up is for (the board card and the deal page pass the same shape). */
export interface FollowupDealRef {
  id: string;
  title: string;
  stage: string;
  version?: number;
}

export const CHANNELS = ['visit', 'call', 'wechat', 'email', 'meeting', 'other'] as const;
type Channel = (typeof CHANNELS)[number];
const RESOURCE_KEYS: MessageKey[] = [
  'resource.tech',
  'resource.proposal',
  'resource.quote',
  'resource.demo',
  'resource.legal',
];
const FIELDS = ['verbatim', 'channel', 'summary', 'nextStep', 'nextStepDue', 'resourcesNeeded'] as const;

interface Values {
  verbatim?: string;
  channel: Channel;
  summary?: string;
  nextStep?: string;
  nextStepDue?: Dayjs | null;
  resourcesNeeded: string[];
}
interface Draft {
  verbatim?: string;
  channel?: Channel;
  summary?: string;
  nextStep?: string;
  nextStepDue?: string | null;
  resourcesNeeded?: string[];
}

const draftKey = (dealId: string) => `tz.followup.draft.${dealId}`;

function readDraft(dealId: string): Draft | null {
  try {
    const draft = JSON.parse(localStorage.getItem(draftKey(dealId)) ?? 'null') as Draft | null;
    return draft && typeof draft === 'object' ? draft : null;
  } catch {
    return null;
  }
}

function toDraft(values: Partial<Values>): Draft {
  return {
    verbatim: values.verbatim,
    channel: values.channel,
    summary: values.summary,
    nextStep: values.nextStep,
    nextStepDue: values.nextStepDue ? values.nextStepDue.format('YYYY-MM-DD') : null,
    resourcesNeeded: values.resourcesNeeded,
  };
}

const isEmptyDraft = (d: Draft) =>
  !d.verbatim?.trim() && !d.summary?.trim() && !d.nextStep?.trim() && !d.nextStepDue && !d.resourcesNeeded?.length;

interface Props {
  deal: FollowupDealRef;
  onSaved(followup: Followup): void;
  /** Called when the follow-up was kept on this device (offline) instead of sent. */
  onQueued?(): void;
  /** Larger controls for touch (phone width). */
  large?: boolean;
}

/**
 * One compact follow-up form: the customer's own words first. Keyboard-first (Ctrl/⌘+Enter saves anywhere,
 * Enter in the last field saves); the draft lives in localStorage per deal until the server (or the outbox) has it.
 */
export function FollowupForm({ deal, onSaved, onQueued, large = false }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { stages } = usePipeline();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const resourceSearch = useRef('');
  const verbatimRef = useRef<TextAreaRef>(null);
  // The first field the server refused gets the focus once the form is enabled again (it is disabled while saving).
  const focusAfterSave = useRef<(typeof FIELDS)[number] | null>(null);
  useEffect(() => {
    if (saving || !focusAfterSave.current) return;
    form.scrollToField(focusAfterSave.current, { focus: true });
    focusAfterSave.current = null;
  }, [saving, form]);
  const open = isOpenStage(stages, deal.stage);

  const initial = useMemo<Values>(() => {
    const draft = readDraft(deal.id);
    return {
      verbatim: draft?.verbatim ?? '',
      channel: draft?.channel && CHANNELS.includes(draft.channel) ? draft.channel : 'call',
      summary: draft?.summary ?? '',
      nextStep: draft?.nextStep ?? '',
      nextStepDue: draft?.nextStepDue ? dayjs(draft.nextStepDue) : null,
      resourcesNeeded: draft?.resourcesNeeded ?? [],
    };
  }, [deal.id]);

  useEffect(() => {
    const draft = readDraft(deal.id);
    setRestored(!!draft && !isEmptyDraft(draft));
    // Into the customer's words once the drawer has opened, unless the user is already typing in another field.
    const timer = setTimeout(() => {
      const form = verbatimRef.current?.resizableTextArea?.textArea?.closest('form');
      if (form && document.activeElement && form.contains(document.activeElement)) return;
      verbatimRef.current?.focus({ cursor: 'end' });
    }, 120);
    return () => clearTimeout(timer);
  }, [deal.id]);

  const keepDraft = (_changed: unknown, all: Values) => {
    const draft = toDraft(all);
    if (isEmptyDraft(draft)) localStorage.removeItem(draftKey(deal.id));
    else localStorage.setItem(draftKey(deal.id), JSON.stringify(draft));
  };
  const clearDraft = () => {
    localStorage.removeItem(draftKey(deal.id));
    form.resetFields();
    form.setFieldsValue({
      verbatim: '',
      summary: '',
      nextStep: '',
      nextStepDue: null,
      resourcesNeeded: [],
      channel: 'call',
    });
    setRestored(false);
    setFormError(null);
    verbatimRef.current?.focus();
  };

  /** Offline the server cannot check: the same rules are checked here before queueing. */
  const localProblems = (values: Values) => {
    const problems: { name: (typeof FIELDS)[number]; errors: string[] }[] = [];
    if (!values.verbatim?.trim()) problems.push({ name: 'verbatim', errors: [t('followup.verbatimRequired')] });
    if (open && !values.nextStep?.trim()) problems.push({ name: 'nextStep', errors: [t('followup.nextStepRequired')] });
    if (open && !values.nextStepDue) problems.push({ name: 'nextStepDue', errors: [t('followup.dueRequired')] });
    return problems;
  };

  const queue = async (values: Values, body: Record<string, unknown>) => {
    const problems = localProblems(values);
    if (problems.length > 0) {
      form.setFields(problems);
      return;
    }
    await enqueueFollowup(deal.id, deal.title, body);
    localStorage.removeItem(draftKey(deal.id));
    message.info(t('followup.queued'), 5);
    onQueued?.();
  };

  const submit = async () => {
    if (saving) return;
    const values = form.getFieldsValue(true) as Values;
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    setFormError(null);
    const body: Record<string, unknown> = {
      channel: values.channel,
      verbatim: values.verbatim ?? '',
      summary: values.summary?.trim() ? values.summary.trim() : null,
      nextStep: values.nextStep?.trim() ? values.nextStep.trim() : null,
      nextStepDue: values.nextStepDue ? values.nextStepDue.format('YYYY-MM-DD') : null,
      resourcesNeeded: values.resourcesNeeded ?? [],
    };
    setSaving(true);
    try {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        await queue(values, body);
        return;
      }
      const saved = await api.post<Followup>(`/api/deals/${deal.id}/followups`, body);
      localStorage.removeItem(draftKey(deal.id));
      message.success(t('followup.saved'));
      onSaved(saved);
    } catch (error) {
      if (error instanceof NetworkError) {
        await queue(values, body);
        return;
      }
      if (error instanceof ApiError) {
        const map = error.fieldMap();
        const known = FIELDS.filter((f) => map[f]);
        if (known.length > 0) form.setFields(known.map((name) => ({ name, errors: [map[name]!] })));
        const rest = Object.entries(map).filter(([field]) => !(FIELDS as readonly string[]).includes(field));
        if (known.length === 0 || rest.length > 0)
          setFormError([error.detail ?? error.title, ...rest.map(([, m]) => m)].join(' · '));
        const first = known[0];
        if (first) focusAfterSave.current = first;
      } else {
        setFormError(t('common.failed'));
      }
    } finally {
      setSaving(false);
    }
  };

  // Ctrl/⌘+Enter saves from anywhere, including a picker's popup (rendered outside the form).
  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void submitRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const size = large ? 'large' : 'middle';
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onValuesChange={keepDraft}
      onFinish={() => void submit()}
      requiredMark
      size={size}
      disabled={saving}
      aria-label={t('followup.title')}
    >
      {restored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('followup.draftRestored')}
          action={
            <Button size="small" onClick={clearDraft}>
              {t('followup.clearDraft')}
            </Button>
          }
        />
      )}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={formError} role="alert" />}
      <Form.Item
        name="verbatim"
        label={t('followup.verbatim')}
        required
        extra={<span style={{ color: '#5c6673' }}>{t('followup.verbatimHint')}</span>}
      >
        <Input.TextArea
          ref={verbatimRef}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={5000}
          placeholder={t('followup.verbatimPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="channel" label={t('followup.channel')} required>
        <Radio.Group
          optionType="button"
          className="tz-channel"
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
      </Form.Item>
      <Form.Item name="summary" label={t('followup.summary')}>
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 5 }}
          maxLength={2000}
          placeholder={t('followup.summaryPlaceholder')}
        />
      </Form.Item>
      <Flex gap={12} vertical={large} wrap={false}>
        <Form.Item name="nextStep" label={t('followup.nextStep')} required={open} style={{ flex: 2, minWidth: 0 }}>
          <Input
            maxLength={500}
            placeholder={t('followup.nextStepPlaceholder')}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </Form.Item>
        <Form.Item
          name="nextStepDue"
          label={t('followup.nextStepDue')}
          required={open}
          style={{ flex: 1, minWidth: 150 }}
        >
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly={large}
            disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
          />
        </Form.Item>
      </Flex>
      <Form.Item name="resourcesNeeded" label={t('followup.resources')}>
        <Select
          mode="tags"
          placeholder={t('followup.resourcesPlaceholder')}
          tokenSeparators={[',', '，']}
          maxCount={10}
          options={RESOURCE_KEYS.map((key) => ({ value: t(key), label: t(key) }))}
          showSearch={{
            onSearch: (value) => {
              resourceSearch.current = value;
            },
          }}
          onInputKeyDown={(e) => {
            // Enter on an empty search saves: this is the last field.
            if (e.key === 'Enter' && !e.nativeEvent.isComposing && resourceSearch.current.trim() === '') {
              e.preventDefault();
              e.stopPropagation();
              void submit();
            }
          }}
        />
      </Form.Item>
      <Flex justify="space-between" align="center" gap={12} wrap>
        {!large && <Typography.Text style={{ fontSize: 12, color: '#5c6673' }}>{t('followup.keys')}</Typography.Text>}
        <Button
          type="primary"
          htmlType="submit"
          loading={saving}
          block={large}
          style={large ? { height: 48 } : undefined}
        >
          {t('followup.save')}
        </Button>
      </Flex>
    </Form>
  );
}
