import { useI18n } from '../../i18n';
import { percent, type StalledReport } from './types';

/** A small bar per stage: how many stalled deals each holds (neutral colour: stages never use the light's). */
export function StageBars({ stages }: { stages: StalledReport['byStage'] }) {
  const { t } = useI18n();
  const most = Math.max(1, ...stages.map((s) => s.count));
  return (
    <ul
      aria-label={t('review.byStageChart')}
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4 }}
    >
      {stages.map((s) => (
        <li
          key={s.stage}
          aria-label={t('review.stageBar', {
            stage: s.label,
            count: s.count,
            share: percent(s.share),
            days: s.avgDaysStalled,
          })}
          style={{ display: 'grid', gridTemplateColumns: '88px 1fr 96px', alignItems: 'center', gap: 8, fontSize: 12 }}
        >
          <span aria-hidden>{s.label}</span>
          <span aria-hidden style={{ background: '#eef1f5', borderRadius: 3, height: 10, display: 'block' }}>
            <span
              style={{
                display: 'block',
                height: '100%',
                width: `${(s.count / most) * 100}%`,
                background: '#5b7a99',
                borderRadius: 3,
              }}
            />
          </span>
          <span aria-hidden style={{ color: '#4a5360', textAlign: 'right' }}>
            {s.count} · {percent(s.share)}
          </span>
        </li>
      ))}
    </ul>
  );
}
