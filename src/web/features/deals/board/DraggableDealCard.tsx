import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import type { Deal, Stage } from '../../../api-client';
import { DealCard } from '../DealCard';

interface Props {
  deal: Deal;
  stages: Stage[];
  mayWrite: boolean;
  busy: boolean;
  onMove(deal: Deal, stageKey: string): void;
  onFollowup(deal: Deal): void;
}

/**
 * A card that may be dragged to another column: pointer/touch on the whole card, keyboard on its handle.
 * Memoised: a column re-renders on every scroll step and page, and only new or changed cards need to.
 */
export const DraggableDealCard = memo(function DraggableDealCard({
  deal,
  stages,
  mayWrite,
  busy,
  onMove,
  onFollowup,
}: Props) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
    disabled: !mayWrite || busy,
  });
  // Pointer and touch listeners go on the card so it can be grabbed anywhere; the keyboard activator is the
  // handle button (dnd-kit only starts a keyboard drag from the activator node), so Enter on the title link
  // or on a button inside the card still does what it says.
  return (
    <div ref={setNodeRef} {...(mayWrite ? listeners : {})} style={{ touchAction: 'manipulation' }}>
      <DealCard
        deal={deal}
        stages={stages}
        mayWrite={mayWrite}
        busy={busy}
        placeholder={isDragging}
        onMove={(stage) => onMove(deal, stage)}
        onFollowup={onFollowup}
        handle={{ ref: setActivatorNodeRef, attributes: attributes as React.HTMLAttributes<HTMLButtonElement> }}
      />
    </div>
  );
});
