import { DeleteOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Skeleton, Tooltip, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type Me, NetworkError } from '../../api-client';
import { formatDateTime, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import type { Attachment } from './types';

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.txt,.csv,.zip';

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Sends a file as multipart/form-data (fields first), with the session's CSRF token and language. */
export async function uploadAttachment(
  entity: 'account' | 'deal',
  entityId: string,
  file: File,
  lang: string,
): Promise<Attachment> {
  let me: Me;
  try {
    me = await api.get<Me>('/api/me');
  } catch (error) {
    throw error;
  }
  const body = new FormData();
  body.append('entity', entity);
  body.append('entityId', entityId);
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/attachments', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': me.csrfToken ?? '', 'accept-language': lang, accept: 'application/json' },
    });
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
  const text = await response.text();
  let data: Record<string, unknown> = {};
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    /* not JSON */
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      String(data.title ?? response.statusText),
      data.detail as string | undefined,
      (data.errors as { field: string; message: string }[] | undefined) ?? [],
      data,
    );
  }
  return data as unknown as Attachment;
}

interface Props {
  entity: 'account' | 'deal';
  entityId: string;
  /** Whether the signed-in role may upload (admin, manager, sales, marketing). */
  canUpload: boolean;
  /** Called after an upload or removal (e.g. to refresh a timeline). */
  onChange?(): void;
}

/** The files of an account or deal: newest first, download by click, upload and remove for writers. */
export function AttachmentList({ entity, entityId, canUpload, onChange }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [uploading, setUploading] = useState(false);
  const now = useMemo(() => new Date(), [items]);

  const load = useCallback(() => {
    api
      .get<{ items: Attachment[] }>('/api/attachments', { entity, id: entityId })
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [entity, entityId]);
  useEffect(load, [load]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const saved = await uploadAttachment(entity, entityId, file, lang);
      setItems((prev) => [saved, ...(prev ?? [])]);
      message.success(t('attach.uploaded', { name: saved.fileName }));
      onChange?.();
    } catch (error) {
      message.error(error instanceof ApiError ? (error.detail ?? error.title) : t('common.networkError'), 6);
    } finally {
      setUploading(false);
    }
  };

  const remove = async (a: Attachment) => {
    try {
      await api.delete(`/api/attachments/${a.id}`);
      setItems((prev) => (prev ?? []).filter((x) => x.id !== a.id));
      message.success(t('attach.deleted'));
      onChange?.();
    } catch (error) {
      message.error(error instanceof ApiError ? (error.detail ?? error.title) : t('common.networkError'));
    }
  };

  return (
    <div>
      {canUpload && (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            multiple={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {uploading ? t('attach.uploading') : t('attach.upload')}
            </Button>
          </Upload>
          <Typography.Text style={{ color: '#5c6673', fontSize: 12 }}>{t('attach.hint')}</Typography.Text>
        </Flex>
      )}
      {items === null ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : items.length === 0 ? (
        <Typography.Text style={{ color: '#5c6673' }}>{t('attach.empty')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('accounts.attachments')}>
          {items.map((a) => (
            <li
              key={a.id}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                padding: '6px 0',
                borderBottom: '1px solid #f0f1f3',
              }}
            >
              <PaperClipOutlined aria-hidden style={{ color: '#5c6673' }} />
              <div style={{ flex: 1, minWidth: 0 }}>
                <a
                  href={a.downloadUrl}
                  download={a.fileName}
                  aria-label={t('attach.download', { name: a.fileName })}
                  style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                >
                  {a.fileName}
                </a>
                <div style={{ fontSize: 12, color: '#5c6673' }}>
                  {sizeText(a.sizeBytes)} · {a.uploadedByName ? t('attach.by', { name: a.uploadedByName }) : ''} ·{' '}
                  <Tooltip title={formatDateTime(a.createdAt, lang)}>
                    <span>{relativeTime(a.createdAt, now, t)}</span>
                  </Tooltip>
                </div>
              </div>
              <Button
                type="text"
                href={a.downloadUrl}
                icon={<DownloadOutlined />}
                aria-label={t('attach.download', { name: a.fileName })}
              />
              {canUpload && (
                <Popconfirm
                  title={t('attach.confirmDelete', { name: a.fileName })}
                  onConfirm={() => void remove(a)}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                >
                  <Button type="text" icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${a.fileName}`} />
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
