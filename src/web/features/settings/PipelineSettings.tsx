import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  HolderOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  type Modifier,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Alert, App, Button, Flex, Input, InputNumber, Select, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Stage } from '../../api-client';
import { useI18n } from '../../i18n';
import { invalidatePipeline } from '../deals/usePipeline';
import {
  draftErrors,
  moveRow,
  type RowErrors,
  requestBody,
  rowsFrom,
  type StageRow,
  serverErrors,
  withNewStage,
} from './pipelineDraft';
import { MovableRowsContext, StageRow as StageTableRow, useRowHandle } from './SortableStageRow';

const OPEN_PROBABILITIES = [10, 30, 50, 80];
const REQUIRABLE = ['amount', 'expectedCloseDate', 'accountId', 'lossReason', 'nextStep'] as const;
/** The server's limit (contract MAX_STAGES). */
const MAX_STAGES = 20;
const ERROR_COLOUR = '#b42318';

interface Pipeline {
  stages: Stage[];
  version: number;
  movedDeals?: number;
}

/** Rows move up and down only. */
const verticalOnly: Modifier = ({ transform }) => ({ ...transform, x: 0 });
interface PipelineReport {
  stages: { stage: string; count: number }[];
}

/** A field's error under it, tied to the field by id (aria-describedby). */
function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <div id={id} role="alert" style={{ color: ERROR_COLOUR, fontSize: 12, marginTop: 2, whiteSpace: 'normal' }}>
      {message}
    </div>
  );
}

/** The drag handle of a movable row (dnd-kit: pointer drag, or Space + ↑/↓ + Space). */
function DragHandle({ label }: { label: string }) {
  const handle = useRowHandle();
  if (!handle) return null;
  return (
    <Button
      size="small"
      type="text"
      icon={<HolderOutlined />}
      ref={handle.setActivatorNodeRef}
      {...handle.attributes}
      {...handle.listeners}
      aria-label={label}
      title={label}
      style={{ cursor: 'grab', touchAction: 'none' }}
    />
  );
}

/**
 * Pipeline stages: add, rename (zh/en), reorder (drag or move up/down), probability, required fields,
 * typical days, remove (naming where its deals go); saved whole with the organisation version.
 */
export function PipelineSettings() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [saved, setSaved] = useState<Pipeline | null>(null);
  const [rows, setRows] = useState<StageRow[]>([]);
  const [dealCounts, setDealCounts] = useState<Record<string, number>>({});
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ReactNode | null>(null);
  const [conflict, setConflict] = useState(false);
  const [errors, setErrors] = useState<RowErrors>({});
  const focusAfter = useRef<string | null>(null);
  const tableRef = useRef<HTMLDivElement | null>(null);

  const loadCounts = useCallback(() => {
    api
      .get<PipelineReport>('/api/reports/pipeline')
      .then((report) => setDealCounts(Object.fromEntries(report.stages.map((s) => [s.stage, s.count]))))
      .catch(() => undefined);
  }, []);
  const load = useCallback(async () => {
    const p = await api.get<Pipeline>('/api/pipeline');
    setSaved(p);
    setRows(rowsFrom(p.stages));
    setErrors({});
    setConflict(false);
  }, []);
  useEffect(() => {
    load().catch(() => setProblem(t('common.networkError')));
    loadCounts();
  }, [load, loadCounts, t]);

  // Focus lands on what an action revealed (a new row's name, a removed row's target select or undo).
  useEffect(() => {
    const selector = focusAfter.current;
    if (!selector) return;
    focusAfter.current = null;
    tableRef.current?.querySelector<HTMLElement>(selector)?.focus();
  });

  const dirty = useMemo(
    () => saved !== null && JSON.stringify(rowsFrom(saved.stages)) !== JSON.stringify(rows),
    [saved, rows],
  );
  const nameOf = useCallback(
    (row: Pick<StageRow, 'name'>) => (lang === 'en' ? row.name.en : row.name.zh) || t('pipeline.newStage'),
    [lang, t],
  );
  const openUids = useMemo(() => rows.filter((r) => r.kind === 'open').map((r) => r.uid), [rows]);
  const movable = useMemo(() => new Set(openUids), [openUids]);
  const keptCount = rows.filter((r) => !r.removed).length;

  const clearError = (uid: string, field: string) =>
    setErrors((prev) => {
      if (!prev[`${uid}.${field}`]) return prev;
      const { [`${uid}.${field}`]: _gone, ...rest } = prev;
      return rest;
    });
  const change = (uid: string, patch: Partial<StageRow>, field?: string) => {
    setRows((prev) => prev.map((r) => (r.uid === uid ? { ...r, ...patch } : r)));
    if (field) clearError(uid, field);
  };
  const moveBy = (uid: string, by: number) => {
    const index = openUids.indexOf(uid);
    const over = openUids[index + by];
    if (over === undefined) return;
    setRows((prev) => moveRow(prev, uid, over));
    // The pressed button may end up disabled at the edge: keep focus on a button of the moved row.
    focusAfter.current = `[data-move="${uid}:${by < 0 && index + by === 0 ? 1 : by > 0 && index + by === openUids.length - 1 ? -1 : by}"]`;
  };
  const add = () => {
    const next = withNewStage(rows);
    setRows(next.rows);
    focusAfter.current = `[data-name-zh="${next.uid}"]`;
  };
  const remove = (row: StageRow) => {
    if (row.isNew) {
      setRows((prev) => prev.filter((r) => r.uid !== row.uid));
      focusAfter.current = '[data-add-stage]';
      return;
    }
    change(row.uid, { removed: true, moveTo: null });
    focusAfter.current =
      (dealCounts[row.key] ?? 0) > 0 ? `[data-move-to="${row.uid}"] input` : `[data-undo="${row.uid}"]`;
  };
  const undoRemove = (row: StageRow) => {
    change(row.uid, { removed: false, moveTo: null }, 'moveTo');
    focusAfter.current = `[data-remove="${row.uid}"]`;
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) setRows((prev) => moveRow(prev, String(active.id), String(over.id)));
  };
  const announcements = useMemo<Announcements>(() => {
    const name = (id: string | number) => {
      const row = rows.find((r) => r.uid === id);
      return row ? nameOf(row) : String(id);
    };
    const position = (id: string | number) => rows.findIndex((r) => r.uid === id) + 1;
    return {
      onDragStart: ({ active }) => t('pipeline.dnd.picked', { name: name(active.id) }),
      onDragOver: ({ active, over }) =>
        over ? t('pipeline.dnd.over', { name: name(active.id), n: position(over.id) }) : undefined,
      onDragEnd: ({ active, over }) =>
        over
          ? t('pipeline.dnd.dropped', { name: name(active.id), n: position(over.id) })
          : t('pipeline.dnd.cancelled', { name: name(active.id) }),
      onDragCancel: ({ active }) => t('pipeline.dnd.cancelled', { name: name(active.id) }),
    };
  }, [nameOf, rows, t]);

  const save = async () => {
    if (!saved) return;
    const local = draftErrors(rows, dealCounts, {
      required: t('common.required'),
      moveTo: (n) => t('pipeline.moveToRequired', { n }),
    });
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setProblem(t('pipeline.fixErrors'));
      return;
    }
    setSaving(true);
    setProblem(null);
    const { body, sent } = requestBody(rows, saved.version);
    try {
      const result = await api.put<Pipeline>('/api/pipeline', body);
      setSaved(result);
      setRows(rowsFrom(result.stages));
      setConflict(false);
      invalidatePipeline();
      loadCounts();
      message.success(result.movedDeals ? t('pipeline.savedMoved', { n: result.movedDeals }) : t('pipeline.saved'));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem(t('common.networkError'));
      } else if (error.status === 409 && error.fieldMap().version) {
        // Keep what the admin typed; take the latest version so saving again is their call.
        const latest = await api.get<Pipeline>('/api/pipeline').catch(() => null);
        if (latest) setSaved(latest);
        setConflict(true);
      } else {
        const mapped = serverErrors(error.errors, sent);
        setErrors(mapped.rows);
        setProblem(
          <>
            {[error.detail ?? error.title, ...mapped.other].map((line, i) => (
              <div key={i}>{line}</div>
            ))}
          </>,
        );
        // Deals may have moved into a stage since the counts were read.
        loadCounts();
      }
    } finally {
      setSaving(false);
    }
  };

  if (!saved)
    return problem ? <Alert type="error" showIcon title={problem} /> : <Skeleton active paragraph={{ rows: 6 }} />;

  const errorId = (uid: string, field: string) => `pipeline-${uid}-${field.replace(/\./g, '-')}-error`;
  const fieldProps = (uid: string, field: string) => {
    const message = errors[`${uid}.${field}`];
    return {
      status: message ? ('error' as const) : undefined,
      'aria-invalid': message ? true : undefined,
      'aria-describedby': message ? errorId(uid, field) : undefined,
    };
  };
  const under = (uid: string, field: string) => (
    <FieldMessage id={errorId(uid, field)} message={errors[`${uid}.${field}`]} />
  );
  const kindTag = (kind: Stage['kind']) => (
    <Tag style={{ color: '#1f2933' }}>
      {t(kind === 'open' ? 'pipeline.kindOpen' : kind === 'won' ? 'pipeline.kindWon' : 'pipeline.kindLost')}
    </Tag>
  );
  const targets = rows.filter((r) => r.kind === 'open' && !r.removed && !r.isNew);
  const struck = (text: string) => <span style={{ textDecoration: 'line-through', color: '#5c6673' }}>{text}</span>;

  const columns: ColumnsType<StageRow> = [
    {
      key: 'order',
      title: t('pipeline.order'),
      width: 112,
      render: (_, row) => {
        if (row.kind !== 'open')
          return (
            <Typography.Text style={{ color: '#5c6673', fontSize: 12 }}>{t('pipeline.closedFixed')}</Typography.Text>
          );
        const index = openUids.indexOf(row.uid);
        return (
          <Flex gap={2}>
            <DragHandle label={t('pipeline.drag', { name: nameOf(row) })} />
            <Button
              size="small"
              icon={<ArrowUpOutlined />}
              disabled={index === 0}
              data-move={`${row.uid}:-1`}
              onClick={() => moveBy(row.uid, -1)}
              aria-label={t('pipeline.moveUp', { name: nameOf(row) })}
            />
            <Button
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={index === openUids.length - 1}
              data-move={`${row.uid}:1`}
              onClick={() => moveBy(row.uid, 1)}
              aria-label={t('pipeline.moveDown', { name: nameOf(row) })}
            />
          </Flex>
        );
      },
    },
    {
      key: 'key',
      title: t('pipeline.key'),
      width: 110,
      render: (_, row) =>
        row.isNew ? <Tag style={{ color: '#1f2933' }}>{t('pipeline.newKey')}</Tag> : <code>{row.key}</code>,
    },
    {
      key: 'zh',
      title: t('pipeline.nameZh'),
      width: 160,
      render: (_, row) =>
        row.removed ? (
          struck(row.name.zh)
        ) : (
          <>
            <Input
              value={row.name.zh}
              maxLength={40}
              data-name-zh={row.uid}
              placeholder={t('pipeline.namePlaceholderZh')}
              aria-label={`${t('pipeline.nameZh')} ${row.isNew ? t('pipeline.newStage') : row.key}`}
              {...fieldProps(row.uid, 'name.zh')}
              onChange={(e) => change(row.uid, { name: { ...row.name, zh: e.target.value } }, 'name.zh')}
            />
            {under(row.uid, 'name.zh')}
          </>
        ),
    },
    {
      key: 'en',
      title: t('pipeline.nameEn'),
      width: 160,
      render: (_, row) =>
        row.removed ? (
          struck(row.name.en)
        ) : (
          <>
            <Input
              value={row.name.en}
              maxLength={40}
              placeholder={t('pipeline.namePlaceholderEn')}
              aria-label={`${t('pipeline.nameEn')} ${row.isNew ? t('pipeline.newStage') : row.key}`}
              {...fieldProps(row.uid, 'name.en')}
              onChange={(e) => change(row.uid, { name: { ...row.name, en: e.target.value } }, 'name.en')}
            />
            {under(row.uid, 'name.en')}
          </>
        ),
    },
    {
      key: 'kind',
      title: t('pipeline.kind'),
      width: 76,
      render: (_, row) =>
        row.removed ? (
          <Tag style={{ color: '#1f2933', borderStyle: 'dashed' }}>{t('pipeline.removing')}</Tag>
        ) : (
          kindTag(row.kind)
        ),
    },
    {
      key: 'probability',
      title: t('pipeline.probability'),
      width: 100,
      render: (_, row) => {
        if (row.removed) return null;
        if (row.kind !== 'open') return <span>{row.probability}%</span>;
        return (
          <>
            <Select
              value={row.probability}
              style={{ width: 86 }}
              aria-label={`${t('pipeline.probability')} ${nameOf(row)}`}
              {...fieldProps(row.uid, 'probability')}
              onChange={(v) => change(row.uid, { probability: v }, 'probability')}
              options={OPEN_PROBABILITIES.map((p) => ({ value: p, label: `${p}%` }))}
            />
            {under(row.uid, 'probability')}
          </>
        );
      },
    },
    {
      key: 'required',
      title: t('pipeline.required'),
      render: (_, row) => {
        if (row.removed) {
          const n = dealCounts[row.key] ?? 0;
          if (n === 0 && !errors[`${row.uid}.moveTo`])
            return <Typography.Text style={{ color: '#5c6673' }}>{t('pipeline.noDeals')}</Typography.Text>;
          return (
            <div data-move-to={row.uid}>
              <Flex gap={8} align="center" wrap>
                <span aria-hidden>{t('pipeline.moveTo', { n })}</span>
                <Select
                  value={row.moveTo ?? undefined}
                  placeholder={t('pipeline.moveToPlaceholder')}
                  style={{ minWidth: 160 }}
                  aria-label={t('pipeline.moveToLabel', { name: nameOf(row) })}
                  {...fieldProps(row.uid, 'moveTo')}
                  onChange={(v: string) => change(row.uid, { moveTo: v }, 'moveTo')}
                  options={targets.map((r) => ({ value: r.key, label: nameOf(r) }))}
                />
              </Flex>
              {under(row.uid, 'moveTo')}
            </div>
          );
        }
        return (
          <>
            <Select
              mode="multiple"
              value={row.requiredFields}
              style={{ minWidth: 200, width: '100%' }}
              aria-label={`${t('pipeline.required')} ${nameOf(row)}`}
              {...fieldProps(row.uid, 'requiredFields')}
              onChange={(v) => change(row.uid, { requiredFields: v }, 'requiredFields')}
              options={REQUIRABLE.map((f) => ({ value: f, label: t(`field.${f}`) }))}
            />
            {under(row.uid, 'requiredFields')}
          </>
        );
      },
    },
    {
      key: 'days',
      title: t('pipeline.typicalDays'),
      width: 110,
      render: (_, row) =>
        row.removed ? null : (
          <>
            <InputNumber<number>
              value={row.typicalDays}
              min={1}
              max={3650}
              precision={0}
              style={{ width: 90 }}
              aria-label={`${t('pipeline.typicalDays')} ${nameOf(row)}`}
              {...fieldProps(row.uid, 'typicalDays')}
              onChange={(v) => change(row.uid, { typicalDays: v ?? null }, 'typicalDays')}
            />
            {under(row.uid, 'typicalDays')}
          </>
        ),
    },
    {
      key: 'deals',
      title: t('pipeline.deals'),
      width: 76,
      align: 'right',
      render: (_, row) => (row.kind === 'open' && !row.isNew ? (dealCounts[row.key] ?? 0) : '—'),
    },
    {
      key: 'actions',
      title: t('pipeline.actions'),
      width: 96,
      render: (_, row) => {
        if (row.kind !== 'open') return null;
        if (row.removed) {
          return (
            <Button
              size="small"
              icon={<UndoOutlined />}
              data-undo={row.uid}
              onClick={() => undoRemove(row)}
              aria-label={t('pipeline.undoRemoveLabel', { name: nameOf(row) })}
            >
              {t('pipeline.undoRemove')}
            </Button>
          );
        }
        const label = t('pipeline.remove', { name: nameOf(row) });
        return (
          <Tooltip title={label}>
            <Button
              size="small"
              icon={<DeleteOutlined />}
              data-remove={row.uid}
              onClick={() => remove(row)}
              aria-label={label}
              disabled={openUids.filter((uid) => !rows.find((r) => r.uid === uid)?.removed).length <= 1}
            />
          </Tooltip>
        );
      },
    },
  ];

  return (
    <div>
      <Typography.Paragraph style={{ color: '#5c6673' }}>{t('pipeline.intro')}</Typography.Paragraph>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('pipeline.conflict')}
          action={
            <Button
              size="small"
              onClick={() => {
                setProblem(null);
                void load();
                loadCounts();
              }}
            >
              {t('pipeline.loadLatest')}
            </Button>
          }
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />}
      <div ref={tableRef}>
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          modifiers={[verticalOnly]}
          onDragEnd={onDragEnd}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t('pipeline.dnd.instructions') } }}
        >
          <SortableContext items={openUids} strategy={verticalListSortingStrategy}>
            <MovableRowsContext.Provider value={movable}>
              <Table<StageRow>
                size="small"
                rowKey="uid"
                dataSource={rows}
                pagination={false}
                scroll={{ x: 1100 }}
                columns={columns}
                components={{ body: { row: StageTableRow } }}
                rowClassName={(row) => (row.removed ? 'tz-stage-removed' : '')}
              />
            </MovableRowsContext.Provider>
          </SortableContext>
        </DndContext>
      </div>
      <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
        <Button icon={<PlusOutlined />} data-add-stage onClick={add} disabled={keptCount >= MAX_STAGES}>
          {t('pipeline.add')}
        </Button>
        {keptCount >= MAX_STAGES && (
          <Typography.Text style={{ color: '#5c6673' }}>{t('pipeline.tooMany', { n: MAX_STAGES })}</Typography.Text>
        )}
        <Typography.Text style={{ color: '#5c6673', fontSize: 12 }}>{t('pipeline.typicalDaysHelp')}</Typography.Text>
      </Flex>
      <Flex gap={8} align="center" justify="flex-end" style={{ marginTop: 12 }}>
        {dirty && <Typography.Text style={{ color: '#8a5a00' }}>{t('pipeline.unsaved')}</Typography.Text>}
        <Button
          disabled={!dirty || saving}
          onClick={() => {
            setRows(rowsFrom(saved.stages));
            setErrors({});
            setProblem(null);
          }}
        >
          {t('pipeline.reset')}
        </Button>
        <Button type="primary" loading={saving} disabled={!dirty && !conflict} onClick={() => void save()}>
          {t('pipeline.save')}
        </Button>
      </Flex>
    </div>
  );
}
