import type { FastifyInstance } from 'fastify';
import { updatePipeline } from '../../../commands/update-pipeline.js';
import { type OrganisationSettings, updateSettings } from '../../../commands/update-settings.js';
import { PipelineSchema, PipelineUpdateSchema } from '../../../contract/pipeline.js';
import { SettingsSchema, SettingsUpdateSchema } from '../../../contract/settings.js';
import { type Lang, pick } from '../../../domain/i18n.js';
import type { Stage } from '../../../domain/stages.js';
import { commandContext } from '../../context.js';
import { problemResponses } from '../openapi.js';

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
  app.get(
    '/api/pipeline',
    {
      schema: {
        tags,
        summary: "The organisation's stages in order (names in both languages, label in yours)",
        response: { 200: PipelineSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return { stages: ctx.org.stages.map((stage) => presentStage(stage, req.lang)), version: ctx.org.version };
    },
  );

  app.put(
    '/api/pipeline',
    {
      schema: {
        tags,
        summary:
          'Admin: replace the stages (rename, reorder, add — leave the key out and one is made —, remove, probabilities, required fields, typical days); send the organisation version. Removing a stage that live deals are in needs moveDealsTo naming where they go, else 409.',
        body: PipelineUpdateSchema,
        response: { 200: PipelineSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const result = await updatePipeline(ctx, req.body);
      return {
        stages: result.stages.map((stage) => presentStage(stage, req.lang)),
        version: result.version,
        movedDeals: result.movedDeals,
      };
    },
  );

  app.get(
    '/api/settings',
    {
      schema: {
        tags,
        summary:
          'Organisation settings: name, time zone, currency, status-light thresholds, attachment limit, daily update and digest times, update window, working days, team-chat language',
        response: { 200: SettingsSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentSettings({
        name: ctx.org.name,
        timezone: ctx.org.timezone,
        currency: ctx.org.currency,
        settings: ctx.org.settings,
        version: ctx.org.version,
      });
    },
  );

  app.patch(
    '/api/settings',
    {
      schema: {
        tags,
        summary: 'Admin: change organisation settings (send the organisation version)',
        body: SettingsUpdateSchema,
        response: { 200: SettingsSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentSettings(await updateSettings(ctx, req.body));
    },
  );
}
