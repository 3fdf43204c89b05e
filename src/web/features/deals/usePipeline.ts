import { useEffect, useState } from 'react';
import { api, type Stage } from '../../api-client';
import type { Lang } from '../../i18n';

interface PipelineAnswer {
  stages: Stage[];
  version: number;
}

// The pipeline changes rarely (an admin edits it in settings): one fetch per page load is enough.
let cached: Stage[] | null = null;
let inflight: Promise<Stage[]> | null = null;

/** Loads the organisation's stages once per page load (module memory); `refresh` forces a new fetch. */
export function loadPipeline(refresh = false): Promise<Stage[]> {
  if (cached && !refresh) return Promise.resolve(cached);
  if (!inflight || refresh) {
    inflight = api
      .get<PipelineAnswer>('/api/pipeline')
      .then((answer) => {
        cached = answer.stages;
        return answer.stages;
      })
      .finally(() => {
        inflight = null;
      });
  }
  return inflight;
}

/** Forget the cached stages (after an admin saved the pipeline). */
export function invalidatePipeline(): void {
  cached = null;
}

/** The organisation's stages from GET /api/pipeline, cached in module memory. */
export function usePipeline(): { stages: Stage[]; loading: boolean; error: unknown } {
  const [stages, setStages] = useState<Stage[]>(() => cached ?? []);
  const [loading, setLoading] = useState(cached === null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    loadPipeline()
      .then((next) => {
        if (alive) {
          setStages(next);
          setLoading(false);
        }
      })
      .catch((err: unknown) => {
        if (alive) {
          setError(err);
          setLoading(false);
        }
      });
    return () => {
      alive = false;
    };
  }, []);
  return { stages, loading, error };
}

/** A stage's name in the UI language (falls back to the key for a stage no longer in the pipeline). */
export function stageName(stages: Stage[], key: string, lang: Lang): string {
  const stage = stages.find((s) => s.key === key);
  if (!stage) return key;
  return lang === 'en' ? stage.name.en : stage.name.zh;
}

/** Whether a stage is still open (follow-ups then need a next step). Unknown stages count as open. */
export function isOpenStage(stages: Stage[], key: string): boolean {
  const stage = stages.find((s) => s.key === key);
  return stage ? stage.kind === 'open' : true;
}
