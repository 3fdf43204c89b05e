import { App } from 'antd';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { ApiError, api, type Deal, NetworkError, type Stage } from '../../api-client';
import { useI18n } from '../../i18n';
import {
  FIELD_LABEL_KEYS,
  missingFieldsFor,
  type RequiredField,
  type StageMoveExtra,
  StageMoveModal,
} from './StageMoveModal';

export interface StageMoveHandlers {
  /** Before the request: show the move at once (optimistic). */
  onOptimistic?(deal: Deal, target: Stage): void;
  /** The server's answer: the deal as it now is. */
  onMoved(deal: Deal, previous: Deal): void;
  /** The move was refused or failed: put the deal back where it was. */
  onRollback?(previous: Deal): void;
  /** 409: someone else changed the deal meanwhile; reload it. */
  onConflict?(dealId: string): void;
}

interface Pending {
  deal: Deal;
  target: Stage;
  missing: RequiredField[];
  errors?: Record<string, string>;
  initial?: StageMoveExtra;
}

const MODAL_FIELDS = new Set(['amount', 'expectedCloseDate', 'lossReason', 'nextStep']);

/**
 * Moving a deal to a stage, shared by the board and the deal page: asks for the target stage's missing
 * required fields first (StageMoveModal), then POST /api/deals/:id/stage; optimistic with rollback.
 */
export function useStageMove(
  stages: Stage[],
  handlers: StageMoveHandlers,
): {
  requestMove(deal: Deal, stageKey: string): void;
  modal: ReactNode;
  movingId: string | null;
} {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [pending, setPending] = useState<Pending | null>(null);
  const [movingId, setMovingId] = useState<string | null>(null);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  const stageLabel = useCallback((stage: Stage) => (lang === 'en' ? stage.name.en : stage.name.zh), [lang]);

  const perform = useCallback(
    async (deal: Deal, target: Stage, extra: StageMoveExtra) => {
      const h = handlersRef.current;
      setMovingId(deal.id);
      h.onOptimistic?.(deal, target);
      try {
        const moved = await api.post<Deal>(`/api/deals/${deal.id}/stage`, {
          stage: target.key,
          version: deal.version,
          ...extra,
        });
        setPending(null);
        h.onMoved(moved, deal);
        void message.success(t('deal.move.done', { title: deal.title, stage: stageLabel(target) }));
      } catch (error) {
        h.onRollback?.(deal);
        if (error instanceof ApiError && error.status === 409) {
          setPending(null);
          void message.warning(t('common.conflict'));
          h.onConflict?.(deal.id);
        } else if (
          error instanceof ApiError &&
          error.status === 400 &&
          error.errors.some((e) => MODAL_FIELDS.has(e.field))
        ) {
          // A required field the API still finds missing or invalid: ask again, keeping what was typed.
          const missing = [
            ...new Set([
              ...missingFieldsFor(deal, target),
              ...error.errors.map((e) => e.field).filter((f) => MODAL_FIELDS.has(f)),
            ]),
          ] as RequiredField[];
          setPending({ deal, target, missing, errors: error.fieldMap(), initial: extra });
          void message.error(describeError(error, t));
        } else if (error instanceof NetworkError) {
          setPending(null);
          void message.error(t('deal.move.failed', { reason: t('common.networkError') }));
        } else {
          setPending(null);
          void message.error(
            t('deal.move.failed', { reason: error instanceof ApiError ? describeError(error, t) : String(error) }),
          );
        }
      } finally {
        setMovingId(null);
      }
    },
    [message, stageLabel, t],
  );

  const requestMove = useCallback(
    (deal: Deal, stageKey: string) => {
      const target = stages.find((s) => s.key === stageKey);
      if (!target || deal.stage === stageKey) return;
      const missing = missingFieldsFor(deal, target);
      if (missing.length > 0) setPending({ deal, target, missing });
      else void perform(deal, target, {});
    },
    [perform, stages],
  );

  const modal = (
    <StageMoveModal
      open={pending !== null}
      deal={pending?.deal ?? null}
      target={pending?.target ?? null}
      missing={pending?.missing ?? []}
      errors={pending?.errors}
      initial={pending?.initial}
      submitting={pending !== null && movingId === pending.deal.id}
      onCancel={() => setPending(null)}
      onSubmit={(extra) => {
        if (pending) void perform(pending.deal, pending.target, extra);
      }}
    />
  );
  return { requestMove, modal, movingId };
}

/** The API's words: its detail, then each field error with the field's name. */
export function describeError(error: ApiError, t: ReturnType<typeof useI18n>['t']): string {
  const fields = error.errors.map((e) => {
    const key = FIELD_LABEL_KEYS[e.field as RequiredField];
    return key ? t('deal.move.fieldError', { field: t(key), message: e.message }) : e.message;
  });
  return [error.detail ?? error.title, ...fields].filter(Boolean).join(t('deal.listSep'));
}
