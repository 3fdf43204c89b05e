import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Deal, Stage } from '../../api-client';
import { useI18n } from '../../i18n';
import { BoardColumn, type ColumnSum } from './board/BoardColumn';
import { columnCoordinates } from './board/keyboard';
import type { BoardColumnState } from './board/useBoardColumns';
import { DealCard } from './DealCard';
import { FollowupDrawer } from './FollowupDrawer';
import { useStageMove } from './useStageMove';

/** Mouse and pen only: on touch screens a swipe scrolls the board and a long press (TouchSensor) drags. */
class MousePointerSensor extends PointerSensor {
  static activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: ({ nativeEvent: event }: ReactPointerEvent) =>
        event.isPrimary && event.button === 0 && event.pointerType !== 'touch',
    },
  ];
}

// Pointer users drop where the pointer is; keyboard drags have no pointer, so use the card's rectangle.
const collisions: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

export interface DealBoardApi {
  columns: Record<string, BoardColumnState>;
  locate(dealId: string): { stage: string; index: number } | null;
  place(deal: Deal, index?: number): void;
  replace(deal: Deal): void;
  reloadDeal(dealId: string): Promise<void>;
  loadMore(stage: string): void;
  loadColumn(stage: string): void;
}

interface Props {
  stages: Stage[];
  board: DealBoardApi;
  sums: Record<string, ColumnSum | null>;
  currency: string;
  mayWrite: boolean;
  phone: boolean;
  /** A deal moved or got a follow-up: totals may have changed. */
  onChanged(): void;
}

/** The kanban: one column per stage, drag (or "Move to…") a card to move the deal; optimistic with rollback. */
export function DealBoard({ stages, board, sums, currency, mayWrite, phone, onChanged }: Props) {
  const { t, lang } = useI18n();
  const [activeDeal, setActiveDeal] = useState<Deal | null>(null);
  const [activeWidth, setActiveWidth] = useState<number | null>(null);
  const [followupDeal, setFollowupDeal] = useState<Deal | null>(null);
  const origins = useRef(new Map<string, number>());
  const label = useCallback(
    (key: string) => {
      const stage = stages.find((s) => s.key === key);
      return stage ? (lang === 'en' ? stage.name.en : stage.name.zh) : key;
    },
    [lang, stages],
  );

  const { requestMove, modal, movingId } = useStageMove(stages, {
    onOptimistic(deal, target) {
      const where = board.locate(deal.id);
      if (where) origins.current.set(deal.id, where.index);
      board.place({ ...deal, stage: target.key, stageName: label(target.key), daysInStage: 0 });
    },
    onMoved(moved) {
      origins.current.delete(moved.id);
      board.replace(moved);
      onChanged();
    },
    onRollback(previous) {
      board.place(previous, origins.current.get(previous.id) ?? 0);
      origins.current.delete(previous.id);
    },
    onConflict(dealId) {
      void board.reloadDeal(dealId);
    },
  });

  const sensors = useSensors(
    useSensor(MousePointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );

  const onDragStart = (event: DragStartEvent) => {
    setActiveDeal((event.active.data.current?.deal as Deal | undefined) ?? null);
    setActiveWidth(event.active.rect.current.initial?.width ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActiveDeal(null);
    const deal = event.active.data.current?.deal as Deal | undefined;
    const target = event.over?.id;
    if (deal && typeof target === 'string' && target !== deal.stage) requestMove(deal, target);
  };

  const announcements = useMemo<Announcements>(() => {
    const title = (data: { current?: Record<string, unknown> } | undefined) =>
      (data?.current?.deal as Deal | undefined)?.title ?? '';
    return {
      onDragStart: ({ active }) => t('board.dnd.picked', { title: title(active.data) }),
      onDragOver: ({ active, over }) =>
        over
          ? t('board.dnd.over', { title: title(active.data), stage: label(String(over.id)) })
          : t('board.dnd.outside', { title: title(active.data) }),
      onDragEnd: ({ active, over }) =>
        over
          ? t('board.dnd.dropped', { title: title(active.data), stage: label(String(over.id)) })
          : t('board.dnd.cancelled', { title: title(active.data) }),
      onDragCancel: ({ active }) => t('board.dnd.cancelled', { title: title(active.data) }),
    };
  }, [label, t]);

  const height = phone ? 'calc(100dvh - 196px)' : 'calc(100vh - 168px)';

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collisions}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveDeal(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('board.dnd.instructions') } }}
      >
        <div
          style={{
            display: 'flex',
            gap: 8,
            overflowX: 'auto',
            scrollSnapType: phone ? 'x mandatory' : undefined,
            paddingBottom: 6,
            minHeight: 360,
          }}
        >
          {stages.map((stage) => (
            <BoardColumn
              key={stage.key}
              stage={stage}
              stages={stages}
              column={board.columns[stage.key]}
              sum={sums[stage.key] ?? null}
              currency={currency}
              mayWrite={mayWrite}
              phone={phone}
              height={height}
              movingId={movingId}
              onMove={requestMove}
              onFollowup={setFollowupDeal}
              onLoadMore={board.loadMore}
              onRetry={board.loadColumn}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {activeDeal ? (
            <div style={{ width: activeWidth ?? (phone ? '80vw' : 240) }}>
              <DealCard deal={activeDeal} stages={stages} mayWrite={false} overlay />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {modal}
      <FollowupDrawer
        deal={followupDeal}
        open={followupDeal !== null}
        onClose={() => setFollowupDeal(null)}
        onSaved={() => {
          if (followupDeal) void board.reloadDeal(followupDeal.id);
          onChanged();
        }}
      />
    </>
  );
}
