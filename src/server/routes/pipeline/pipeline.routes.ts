import type { FastifyInstance } from 'fastify';
import { updatePipeline } from '../../../commands/update-pipeline.js';
import { type OrganisationSettings, updateSettings } from '../../../commands/update-settings.js';
import { type Lang, pick } from '../../../domain/i18n.js';
import type { Stage } from '../../../domain/stages.js';
import { commandContext } from '../../context.js';
import { defineRoute } from '../define-route.js';

const tags = ['organisation'];

export function presentStage(stage: Stage, lang: Lang) {
  return {
    key: stage.key,
    name: stage.name,
    label: pick(stage.name, lang),
    kind: stage.kind,
    probability: stage.probability,
    requiredFields: stage.requiredFields,
    typicalDays: stage.typicalDays,
  };
}

function presentSettings(s: OrganisationSettings) {
  const { light, attachmentMaxBytes, dailyUpdateTime, digestTime, updateWindowDays, workdays, notifyLocale } =
    s.settings;
  return {
    name: s.name,
    timezone: s.timezone,
    currency: s.currency,
    light,
    attachmentMaxBytes,
    dailyUpdateTime,
    digestTime,
    updateWindowDays,
    workdays,
    notifyLocale,
    version: s.version,
  };
}

export async function pipelineRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/pipeline', async (req) => {
    const ctx = await commandContext(req);
    return { stages: ctx.org.stages.map((stage) => presentStage(stage, req.lang)), version: ctx.org.version };
  });

  defineRoute(app, 'PUT /api/pipeline', async (req) => {
    const ctx = await commandContext(req);
    const result = await updatePipeline(ctx, req.body);
    return {
      stages: result.stages.map((stage) => presentStage(stage, req.lang)),
      version: result.version,
      movedDeals: result.movedDeals,
    };
  });

  defineRoute(app, 'GET /api/settings', async (req) => {
    const ctx = await commandContext(req);
    return presentSettings({
      name: ctx.org.name,
      timezone: ctx.org.timezone,
      currency: ctx.org.currency,
      settings: ctx.org.settings,
      version: ctx.org.version,
    });
  });

  defineRoute(app, 'PATCH /api/settings', async (req) => {
    const ctx = await commandContext(req);
    return presentSettings(await updateSettings(ctx, req.body));
  });
}
