/** A tiny trend line of rates (0…1; null: no active deals that period), drawn without a chart library. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.flatMap((value, i) =>
    value === null ? [] : [`${(i * step).toFixed(1)},${(height - 2 - value * (height - 4)).toFixed(1)}`],
  );
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ display: 'block' }}
    >
      <polyline points={points.join(' ')} fill="none" stroke="#1f5fa8" strokeWidth={1.5} />
    </svg>
  );
}
