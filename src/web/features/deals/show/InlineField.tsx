import { CheckOutlined, CloseOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useI18n } from '../../../i18n';

/** Thrown by a save to show a message next to the field (the editor stays open with what was typed). */
export class FieldSaveError extends Error {}

interface Props<V> {
  label: string;
  /** How the value reads when not editing. */
  display: ReactNode;
  value: V;
  editable: boolean;
  /** The editor; `id` labels it. */
  editor(draft: V, setDraft: (value: V) => void, id: string, save: () => void): ReactNode;
  onSave(value: V): Promise<void>;
  /** Keeps what was typed in sessionStorage until it is saved or cancelled. */
  draftKey?: string;
}

function readDraft<V>(key: string | undefined): V | undefined {
  if (!key) return undefined;
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as V);
  } catch {
    return undefined;
  }
}

/** A labelled value that turns into its editor in place; errors appear under the editor. */
export function InlineField<V>({ label, display, value, editable, editor, onSave, draftKey }: Props<V>) {
  const { t } = useI18n();
  const id = useId();
  const stored = readDraft<V>(draftKey);
  const [editing, setEditing] = useState(stored !== undefined);
  const [draft, setDraftState] = useState<V>(stored ?? value);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!editing) setDraftState(value);
  }, [editing, value]);

  const setDraft = (next: V) => {
    setDraftState(next);
    if (draftKey) sessionStorage.setItem(draftKey, JSON.stringify(next ?? null));
  };
  const close = () => {
    if (draftKey) sessionStorage.removeItem(draftKey);
    setEditing(false);
    setError(null);
  };
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await onSave(draft);
      close();
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : t('common.failed'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div style={{ padding: '6px 0', borderBottom: '1px solid #eef0f3' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 4, minHeight: 24 }}>
        <label htmlFor={editing ? id : undefined} style={{ color: '#4a5563', fontSize: 12, flex: 1 }}>
          {label}
        </label>
        {editable && !editing && (
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('deal.editField', { field: label })}
            onClick={() => {
              setDraftState(value);
              setEditing(true);
            }}
          />
        )}
      </div>
      {editing ? (
        <div
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close();
            }
          }}
        >
          {editor(draft, setDraft, id, () => void save())}
          {error && (
            <div role="alert" style={{ color: '#cf1322', fontSize: 12, marginTop: 4 }}>
              {error}
            </div>
          )}
          <Space size={4} style={{ marginTop: 6 }}>
            <Button type="primary" size="small" icon={<CheckOutlined />} loading={saving} onClick={() => void save()}>
              {t('common.save')}
            </Button>
            <Button size="small" icon={<CloseOutlined />} onClick={close}>
              {t('common.cancel')}
            </Button>
          </Space>
        </div>
      ) : (
        <div style={{ color: '#1f2933', wordBreak: 'break-word', minHeight: 22 }}>{display}</div>
      )}
    </div>
  );
}
