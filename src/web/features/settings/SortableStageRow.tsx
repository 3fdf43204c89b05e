import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type CSSProperties, createContext, type HTMLAttributes, useContext } from 'react';

interface Handle {
  setActivatorNodeRef(element: HTMLElement | null): void;
  listeners: DraggableSyntheticListeners;
  attributes: DraggableAttributes;
}

const HandleContext = createContext<Handle | null>(null);

/** The drag handle of the row it sits in (null in a row that does not move). */
export function useRowHandle(): Handle | null {
  return useContext(HandleContext);
}

type RowProps = HTMLAttributes<HTMLTableRowElement> & { 'data-row-key': string };

function MovableRow(props: RowProps) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: props['data-row-key'],
  });
  const style: CSSProperties = {
    ...props.style,
    transform: CSS.Translate.toString(transform),
    transition,
    ...(isDragging
      ? { position: 'relative', zIndex: 2, background: '#f5f8fc', boxShadow: '0 2px 8px rgba(31, 41, 51, 0.15)' }
      : {}),
  };
  return (
    <HandleContext.Provider value={{ setActivatorNodeRef, listeners, attributes }}>
      <tr {...props} ref={setNodeRef} style={style} />
    </HandleContext.Provider>
  );
}

/** Keys of the rows that take part in the sortable list (the open stages). */
export const MovableRowsContext = createContext<ReadonlySet<string>>(new Set());

/**
 * A table row for antd's `components.body.row`: rows whose key is in MovableRowsContext take part in the
 * dnd-kit sortable list (their handle cell reads useRowHandle); the others (won, lost) stay put.
 */
export function StageRow(props: RowProps) {
  const movable = useContext(MovableRowsContext);
  return movable.has(props['data-row-key']) ? <MovableRow {...props} /> : <tr {...props} />;
}
