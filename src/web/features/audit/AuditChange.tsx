import { Typography } from 'antd';
import { useI18n } from '../../i18n';

/** One row of an audit trail as GET /api/audit answers it (src/contract/audit.ts). */
export interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  field: string | null;
  from: string | null;
  to: string | null;
  /** On a deal's or account's trail, an upload whose file is still there. */
  attachment?: { id: string; fileName: string; downloadUrl: string };
}

const MAX = 80;
const clip = (value: string) => (value.length > MAX ? `${value.slice(0, MAX)}…` : value);

/** "from → to" of one audited change (long values clipped, the whole value on hover); `format` shows a value as the reader knows it. */
export function AuditChange({
  item,
  format = (value) => value,
}: {
  item: AuditItem;
  format?: (value: string) => string;
}) {
  const { t } = useI18n();
  // Files: which was uploaded (with its download link while it is there: the per-record trail only), or removed.
  if (item.action === 'attachment' && item.to !== null) {
    return (
      <span style={{ overflowWrap: 'anywhere' }}>
        {t('audit.uploaded')}{' '}
        {item.attachment ? (
          <a
            href={item.attachment.downloadUrl}
            download={item.attachment.fileName}
            aria-label={t('audit.downloadFile', { name: item.attachment.fileName })}
            style={{ color: '#1f5fa8' }}
          >
            {item.attachment.fileName}
          </a>
        ) : (
          item.to
        )}
      </span>
    );
  }
  if (item.action === 'attachment_delete' && item.from !== null)
    return (
      <span style={{ overflowWrap: 'anywhere' }}>
        {t('audit.removed')} {item.from}
      </span>
    );
  if (item.from === null && item.to === null) return <span>—</span>;
  const from = item.from === null ? null : format(item.from);
  const to = item.to === null ? null : format(item.to);
  return (
    <span style={{ overflowWrap: 'anywhere' }}>
      {from !== null && (
        <>
          <Typography.Text delete type="secondary" title={from}>
            {clip(from)}
          </Typography.Text>
          {' → '}
        </>
      )}
      <span title={to ?? ''}>{to === null ? '∅' : clip(to)}</span>
    </span>
  );
}
