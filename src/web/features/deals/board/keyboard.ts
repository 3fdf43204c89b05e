import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * The keyboard path for dragging between columns: ← / → jump the picked-up card to the centre of the
 * neighbouring column (Space/Enter drops, Esc cancels). ↑ / ↓ do nothing: order inside a column is by
 * last update, not by hand.
 */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const direction = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (event.code === 'ArrowUp' || event.code === 'ArrowDown') event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!direction || !collisionRect) return undefined;
  event.preventDefault();
  const centre = collisionRect.left + collisionRect.width / 2;
  const rects = droppableContainers
    .getEnabled()
    .map((container) => droppableRects.get(container.id))
    .filter((rect): rect is NonNullable<typeof rect> => Boolean(rect))
    .map((rect) => ({ centre: rect.left + rect.width / 2, top: rect.top }))
    .sort((a, b) => a.centre - b.centre);
  const target =
    direction > 0
      ? rects.find((rect) => rect.centre > centre + 4)
      : [...rects].reverse().find((rect) => rect.centre < centre - 4);
  if (!target) return undefined;
  return { x: currentCoordinates.x + (target.centre - centre), y: currentCoordinates.y };
};
