import type { Stage } from '../../api-client';
import { useI18n } from '../../i18n';
import { stageName } from './usePipeline';

interface Props {
  stage: string;
  stages: Stage[];
  /** Hide the stage name (when a column already shows it). */
  hideLabel?: boolean;
}

// One neutral scale for stages: the light's red/yellow/green are never used here.
const FILLED = '#1f5fa8';
const EMPTY = '#d9dee5';

/** The stage name with a segmented bar: where the deal sits in the open funnel (won = full, lost = none). */
export function StageProgress({ stage, stages, hideLabel = false }: Props) {
  const { t, lang } = useI18n();
  const open = stages.filter((s) => s.kind === 'open');
  const current = stages.find((s) => s.key === stage);
  const name = stageName(stages, stage, lang);
  const total = Math.max(open.length, 1);
  const position =
    current?.kind === 'won' ? total : current?.kind === 'lost' ? 0 : open.findIndex((s) => s.key === stage) + 1;
  const spoken = t('stage.progress', { name, n: position, total });
  return (
    <span
      role="img"
      aria-label={spoken}
      title={spoken}
      style={{ display: 'inline-flex', flexDirection: 'column', gap: 3, minWidth: 72 }}
    >
      {!hideLabel && (
        <span aria-hidden style={{ whiteSpace: 'nowrap', color: current?.kind === 'lost' ? '#5c6673' : '#1f2933' }}>
          {name}
        </span>
      )}
      <span aria-hidden style={{ display: 'flex', gap: 2, width: 72 }}>
        {Array.from({ length: total }, (_, i) => (
          <span key={i} style={{ flex: 1, height: 4, borderRadius: 2, background: i < position ? FILLED : EMPTY }} />
        ))}
      </span>
    </span>
  );
}
