import { Typography } from 'antd';

/** One row of an audit trail as GET /api/audit answers it (src/contract/audit.ts). */
export interface AuditItem { id: string; at: string; actorId: string | null; actorName: string | null; action: string; field: string | null; from: string | null; to: string | null }

const MAX = 80;
const clip = (value: string) => (value.length > MAX ? `${value.slice(0, MAX)}…` : value);

/** "from → to" of one audited change (long values clipped, the whole value on hover). */
export function AuditChange({ item }: { item: AuditItem }) {
  if (item.from === null && item.to === null) return <span>—</span>;
  return (
    <span style={{ overflowWrap: 'anywhere' }}>
      {item.from !== null && <><Typography.Text delete type="secondary" title={item.from}>{clip(item.from)}</Typography.Text>{' → '}</>}
      <span title={item.to ?? ''}>{item.to === null ? '∅' : clip(item.to)}</span>
    </span>
  );
}
