import { DatePicker } from 'antd';
import dayjs from 'dayjs';

interface Props {
  label: string;
  value: string | null;
  /** The picked date (null: cleared), or undefined when the picker closed without a pick. */
  onDone(value: string | null | undefined): void;
}

/** The expected close date's in-place picker (opens at once; a pick or closing it ends the edit). */
export function CloseDatePicker({ label, value, onDone }: Props) {
  return (
    <DatePicker
      size="small"
      autoFocus
      defaultOpen
      aria-label={label}
      style={{ width: 128 }}
      value={value ? dayjs(value) : null}
      onChange={(picked) => onDone(picked ? picked.format('YYYY-MM-DD') : null)}
      onOpenChange={(open) => {
        if (!open) setTimeout(() => onDone(undefined), 0);
      }}
    />
  );
}
