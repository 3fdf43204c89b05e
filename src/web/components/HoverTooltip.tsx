import { Tooltip } from 'antd';
import { cloneElement, type MouseEvent, type ReactElement, type ReactNode, useRef, useState } from 'react';

type HoverProps = { onMouseEnter?(event: MouseEvent): void; onMouseLeave?(event: MouseEvent): void };

/**
 * antd's Tooltip, mounted on the first hover: a table shows hundreds of tooltips of which a user opens a
 * few, and each mounted Tooltip costs render time on every page of rows. Looks and behaves as a Tooltip.
 * `title` may be a function, so text that is costly to make (formatted dates) is made on hover only.
 */
export function HoverTooltip({
  title,
  children,
}: {
  title: ReactNode | (() => ReactNode);
  children: ReactElement<HoverProps>;
}) {
  const [armed, setArmed] = useState(false);
  const hovered = useRef(false);
  const child = cloneElement(children, {
    onMouseEnter: (event: MouseEvent) => {
      hovered.current = true;
      setArmed(true);
      children.props.onMouseEnter?.(event);
    },
    onMouseLeave: (event: MouseEvent) => {
      hovered.current = false;
      children.props.onMouseLeave?.(event);
    },
  });
  // Opened at once when the pointer is still on it (it arrived before the Tooltip existed to notice).
  if (!armed) return child;
  return (
    <Tooltip title={typeof title === 'function' ? title() : title} defaultOpen={hovered.current}>
      {child}
    </Tooltip>
  );
}
