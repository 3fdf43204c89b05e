import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, InputNumber, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, type Stage } from '../../api-client';
import { useI18n } from '../../i18n';

const PROBABILITIES = [0, 10, 30, 50, 80, 100];
const REQUIRABLE = ['amount', 'expectedCloseDate', 'accountId', 'lossReason', 'nextStep'] as const;

interface Pipeline { stages: Stage[]; version: number }

/** Pipeline stages: rename (zh/en), reorder, probability, required fields, typical days; saved whole with the version. */
export function PipelineSettings() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [saved, setSaved] = useState<Pipeline | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    const p = await api.get<Pipeline>('/api/pipeline');
    setSaved(p);
    setStages(p.stages);
    setFieldErrors({});
  }, []);
  useEffect(() => { load().catch(() => setProblem(t('common.networkError'))); }, [load, t]);

  const dirty = useMemo(() => saved !== null && JSON.stringify(saved.stages) !== JSON.stringify(stages), [saved, stages]);
  const change = (index: number, patch: Partial<Stage>) => setStages((prev) => prev.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: number) => setStages((prev) => {
    const next = [...prev];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    return next;
  });

  const save = async () => {
    if (!saved) return;
    setSaving(true);
    setProblem(null);
    setFieldErrors({});
    try {
      const body = {
        version: saved.version,
        stages: stages.map((s) => ({ key: s.key, name: { zh: s.name.zh, en: s.name.en }, kind: s.kind, probability: s.probability, requiredFields: s.requiredFields, typicalDays: s.typicalDays })),
      };
      const result = await api.put<Pipeline>('/api/pipeline', body);
      setSaved(result);
      setStages(result.stages);
      message.success(t('pipeline.saved'));
    } catch (error) {
      if (error instanceof ApiError) {
        const map = error.fieldMap();
        if (error.status === 409 && map.version) {
          setProblem(t('pipeline.conflict'));
          await load();
        } else {
          setFieldErrors(map);
          const lines = error.errors.map((e) => {
            const m = /^stages\.(\d+)\./.exec(e.field);
            return m ? t('pipeline.fieldError', { n: Number(m[1]) + 1, message: `${e.field.replace(/^stages\.\d+\./, '')} ${e.message}` }) : e.message;
          });
          setProblem([error.detail ?? error.title, ...lines].join('\n'));
        }
      } else {
        setProblem(t('common.networkError'));
      }
    } finally {
      setSaving(false);
    }
  };

  if (!saved) return problem ? <Alert type="error" showIcon title={problem} /> : <Skeleton active paragraph={{ rows: 6 }} />;

  const err = (index: number, field: string) => fieldErrors[`stages.${index}.${field}`];
  const kindTag = (kind: Stage['kind']) => <Tag>{t(kind === 'open' ? 'pipeline.kindOpen' : kind === 'won' ? 'pipeline.kindWon' : 'pipeline.kindLost')}</Tag>;

  return (
    <div>
      <Typography.Paragraph style={{ color: '#5c6673' }}>{t('pipeline.intro')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon role="alert" title={<span style={{ whiteSpace: 'pre-wrap' }}>{problem}</span>} style={{ marginBottom: 12 }} />}
      <Table<Stage> size="small" rowKey="key" dataSource={stages} pagination={false} scroll={{ x: 980 }}
        columns={[
          { key: 'order', title: t('pipeline.order'), width: 96, render: (_, s, i) => (
            <Flex gap={4}>
              <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('pipeline.moveUp', { name: lang === 'en' ? s.name.en : s.name.zh })} />
              <Button size="small" icon={<ArrowDownOutlined />} disabled={i === stages.length - 1} onClick={() => move(i, 1)} aria-label={t('pipeline.moveDown', { name: lang === 'en' ? s.name.en : s.name.zh })} />
            </Flex>
          ) },
          { key: 'key', title: t('pipeline.key'), width: 110, render: (_, s) => <code>{s.key}</code> },
          { key: 'zh', title: t('pipeline.nameZh'), width: 150, render: (_, s, i) => (
            <Input value={s.name.zh} maxLength={40} status={err(i, 'name.zh') ? 'error' : undefined} aria-label={`${t('pipeline.nameZh')} ${s.key}`}
              onChange={(e) => change(i, { name: { ...s.name, zh: e.target.value } })} />
          ) },
          { key: 'en', title: t('pipeline.nameEn'), width: 150, render: (_, s, i) => (
            <Input value={s.name.en} maxLength={40} status={err(i, 'name.en') ? 'error' : undefined} aria-label={`${t('pipeline.nameEn')} ${s.key}`}
              onChange={(e) => change(i, { name: { ...s.name, en: e.target.value } })} />
          ) },
          { key: 'kind', title: t('pipeline.kind'), width: 80, render: (_, s) => kindTag(s.kind) },
          { key: 'probability', title: t('pipeline.probability'), width: 100, render: (_, s, i) => (
            <Select value={s.probability} style={{ width: 86 }} status={err(i, 'probability') ? 'error' : undefined} aria-label={`${t('pipeline.probability')} ${s.key}`}
              onChange={(v) => change(i, { probability: v })} options={PROBABILITIES.map((p) => ({ value: p, label: `${p}%` }))} />
          ) },
          { key: 'required', title: t('pipeline.required'), render: (_, s, i) => (
            <Select mode="multiple" value={s.requiredFields} style={{ minWidth: 200, width: '100%' }} status={err(i, 'requiredFields') ? 'error' : undefined}
              aria-label={`${t('pipeline.required')} ${s.key}`} onChange={(v) => change(i, { requiredFields: v })}
              options={REQUIRABLE.map((f) => ({ value: f, label: t(`field.${f}`) }))} />
          ) },
          { key: 'days', title: t('pipeline.typicalDays'), width: 110, render: (_, s, i) => (
            <InputNumber<number> value={s.typicalDays} min={1} max={3650} precision={0} style={{ width: 90 }} status={err(i, 'typicalDays') ? 'error' : undefined}
              aria-label={`${t('pipeline.typicalDays')} ${s.key}`} onChange={(v) => change(i, { typicalDays: v ?? null })} />
          ) },
        ]} />
      <Typography.Paragraph style={{ color: '#5c6673', fontSize: 12, marginTop: 8 }}>{t('pipeline.typicalDaysHelp')}</Typography.Paragraph>
      <Flex gap={8} align="center" justify="flex-end" style={{ marginTop: 12 }}>
        {dirty && <Typography.Text style={{ color: '#8a5a00' }}>{t('pipeline.unsaved')}</Typography.Text>}
        <Button disabled={!dirty || saving} onClick={() => { setStages(saved.stages); setFieldErrors({}); setProblem(null); }}>{t('pipeline.reset')}</Button>
        <Button type="primary" loading={saving} disabled={!dirty} onClick={() => void save()}>{t('pipeline.save')}</Button>
      </Flex>
    </div>
  );
}
