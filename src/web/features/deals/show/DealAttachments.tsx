import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Skeleton, Tooltip, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type Me } from '../../../api-client';
import { formatDateTime, relativeTime } from '../../../format';
import { useI18n } from '../../../i18n';

interface Attachment {
  id: string;
  fileName: string;
  sizeBytes: number;
  uploadedByName: string | null;
  createdAt: string;
  downloadUrl?: string;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Files on the deal (proposals, contracts, the marketing report); writers upload, everyone downloads. */
export function DealAttachments({
  dealId,
  mayUpload,
  onUploaded,
}: {
  dealId: string;
  mayUpload: boolean;
  onUploaded?(): void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const now = new Date();

  const load = useCallback(() => {
    setError(null);
    api
      .get<{ items: Attachment[] }>('/api/attachments', { entity: 'deal', id: dealId })
      .then((answer) => setItems(answer.items))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) {
          setUnavailable(true);
          setItems([]);
        } else setError(err);
      });
  }, [dealId]);
  useEffect(load, [load]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      // Multipart goes around the JSON client; the CSRF token comes from /api/me like the client's own.
      const me = await api.get<Me>('/api/me');
      const body = new FormData();
      body.append('entity', 'deal');
      body.append('entityId', dealId);
      body.append('file', file, file.name);
      const response = await fetch('/api/attachments', {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'x-csrf-token': me.csrfToken ?? '', 'accept-language': lang, accept: 'application/json' },
      });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
        throw new Error(problem.detail ?? problem.title ?? response.statusText);
      }
      void message.success(t('deal.files.uploaded', { name: file.name }));
      load();
      onUploaded?.();
    } catch (err) {
      void message.error(t('deal.files.failed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setUploading(false);
    }
  };

  if (unavailable) return <Empty description={t('deal.files.unavailable')} />;
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.message : t('common.networkError')}
        action={
          <Button size="small" onClick={load}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!items) return <Skeleton active paragraph={{ rows: 3 }} />;

  return (
    <div>
      {mayUpload && (
        <div style={{ marginBottom: 10 }}>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            multiple={false}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t('deal.files.upload')}
            </Button>
          </Upload>
          <span style={{ marginInlineStart: 8, color: '#4a5563', fontSize: 12 }}>{t('deal.files.types')}</span>
        </div>
      )}
      {items.length === 0 ? (
        <Empty description={t('deal.files.empty')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((a) => (
            <li
              key={a.id}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 10,
                padding: '8px 0',
                borderBottom: '1px solid #eef0f3',
              }}
            >
              <PaperClipOutlined aria-hidden style={{ color: '#4a5563' }} />
              <div style={{ flex: 1, minWidth: 0 }}>
                <a
                  href={a.downloadUrl ?? `/api/attachments/${a.id}/download`}
                  download
                  style={{ wordBreak: 'break-all', color: '#1f5fa8' }}
                >
                  {a.fileName}
                </a>
                <div style={{ fontSize: 12, color: '#4a5563' }}>
                  {size(a.sizeBytes)} · {a.uploadedByName ?? ''} ·{' '}
                  <Tooltip title={formatDateTime(a.createdAt, lang)}>
                    <time dateTime={a.createdAt}>{relativeTime(a.createdAt, now, t)}</time>
                  </Tooltip>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
