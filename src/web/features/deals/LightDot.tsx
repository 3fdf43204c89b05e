import type { Light } from '../../api-client';
import { HoverTooltip } from '../../components/HoverTooltip';
import { useI18n } from '../../i18n';

/** The status light's colours: reserved for the light, dark enough to read as a 10 px dot on white. */
export const LIGHT_COLORS: Record<Light['color'], string> = { red: '#d4380d', yellow: '#d48806', green: '#389e0d' };

interface Props {
  light: Light | null;
  /** Show the colour's name beside the dot (cards, detail pages). */
  showLabel?: boolean;
  size?: number;
}

/** Red / yellow / green dot; the reasons one hover (or focus) away, and spoken to screen readers. */
export function LightDot({ light, showLabel = false, size = 10 }: Props) {
  const { t } = useI18n();
  if (!light)
    return (
      <span aria-label={t('common.none')} style={{ color: '#5c6673' }}>
        –
      </span>
    );
  const name = t(`light.${light.color}`);
  const reasons = light.reasons.map((r) => r.message);
  const spoken = reasons.length > 0 ? `${name}：${reasons.join('；')}` : name;
  const tip =
    reasons.length > 0 ? (
      <ul style={{ margin: 0, paddingInlineStart: 16 }}>
        {light.reasons.map((r) => (
          <li key={r.code}>{r.message}</li>
        ))}
      </ul>
    ) : (
      name
    );
  return (
    <HoverTooltip title={tip}>
      <span
        role="img"
        aria-label={spoken}
        tabIndex={0}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 6, cursor: 'default', outlineOffset: 2 }}
      >
        <span
          aria-hidden
          style={{
            width: size,
            height: size,
            borderRadius: '50%',
            background: LIGHT_COLORS[light.color],
            display: 'inline-block',
            flex: 'none',
          }}
        />
        {showLabel && (
          <span aria-hidden style={{ color: '#1f2933' }}>
            {name}
          </span>
        )}
      </span>
    </HoverTooltip>
  );
}
