import type { Probability, RequirableField, Stage } from '../../domain/stages.js';
import { DEFAULT_LIGHT_SETTINGS, type LightSettings } from '../../domain/status-light.js';
import type { Q } from '../dialect.js';

export interface OrgSettings {
  light: LightSettings;
  /** Attachment size limit in bytes. */
  attachmentMaxBytes: number;
  /** Daily update deadline (HH:MM, organisation time zone): reps with deals still to update are reminded then. */
  dailyUpdateTime: string;
  /** When managers get the day's digest (HH:MM, organisation time zone). */
  digestTime: string;
  /** A deal counts as kept up to date when touched within this many days (1 = today). */
  updateWindowDays: number;
  /** Working days, 1 = Monday … 7 = Sunday. */
  workdays: number[];
  /** Language of messages to team chats. */
  notifyLocale: 'zh-CN' | 'en';
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  light: DEFAULT_LIGHT_SETTINGS,
  attachmentMaxBytes: 20 * 1024 * 1024,
  dailyUpdateTime: '17:00',
  digestTime: '18:00',
  updateWindowDays: 1,
  workdays: [1, 2, 3, 4, 5],
  notifyLocale: 'zh-CN',
};

/** What most requests need to know about the organisation: stages, time zone, thresholds. */
export interface OrgContext {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  settings: OrgSettings;
  stages: Stage[];
  version: number;
}

export function parseSettings(text: string): OrgSettings {
  const stored = JSON.parse(text) as Partial<OrgSettings>;
  return { ...DEFAULT_ORG_SETTINGS, ...stored, light: { ...DEFAULT_LIGHT_SETTINGS, ...(stored.light ?? {}) } };
}

export async function loadStages(db: Q, orgId: string): Promise<Stage[]> {
  const rows = await db
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('position')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    name: { zh: row.name_zh, en: row.name_en },
    kind: row.kind,
    probability: row.probability as Probability,
    requiredFields: JSON.parse(row.required_fields) as RequirableField[],
    typicalDays: row.typical_days,
  }));
}

export async function loadOrgContext(db: Q, orgId: string): Promise<OrgContext | undefined> {
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!org) return undefined;
  return {
    id: org.id,
    name: org.name,
    timezone: org.timezone,
    currency: org.currency,
    settings: parseSettings(org.settings),
    stages: await loadStages(db, orgId),
    version: org.version,
  };
}

/** Replaces the organisation's stages (the caller holds the transaction). */
export async function replaceStages(db: Q, orgId: string, stages: Stage[]): Promise<void> {
  await db.deleteFrom('pipeline_stages').where('org_id', '=', orgId).execute();
  await db
    .insertInto('pipeline_stages')
    .values(
      stages.map((stage, position) => ({
        org_id: orgId,
        key: stage.key,
        position,
        name_zh: stage.name.zh,
        name_en: stage.name.en,
        kind: stage.kind,
        probability: stage.probability,
        required_fields: JSON.stringify(stage.requiredFields),
        typical_days: stage.typicalDays,
      })),
    )
    .execute();
}

export async function countOrganisations(db: Q): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Updates the organisation row only if its version is still `version` (bumping it); false when stale. */
export async function updateOrganisationIfVersion(
  db: Q,
  orgId: string,
  version: number,
  patch: { name?: string; timezone?: string; currency?: string; settings?: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', orgId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The organisation's current version, read inside the caller's transaction. */
export async function organisationVersion(db: Q, orgId: string): Promise<number | undefined> {
  const row = await db.selectFrom('organisations').select('version').where('id', '=', orgId).executeTakeFirst();
  return row?.version;
}

/** How many live deals sit in each of the given stages (stages with none are left out). */
export async function liveDealCountsByStage(db: Q, orgId: string, stageKeys: string[]): Promise<Map<string, number>> {
  if (stageKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('deals')
    .select((eb) => ['stage', eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('stage', 'in', stageKeys)
    .where('deleted_at', 'is', null)
    .groupBy('stage')
    .execute();
  return new Map(rows.map((row) => [row.stage, Number(row.n)]));
}

/** Which of `keys` some deal of the organisation is in or has ever been in (deleted deals too: history keeps them). */
export async function stageKeysEverUsed(db: Q, orgId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const inDeals = await db
    .selectFrom('deals')
    .select('stage')
    .distinct()
    .where('org_id', '=', orgId)
    .where('stage', 'in', keys)
    .execute();
  const inHistory = await db
    .selectFrom('stage_history')
    .select('to_stage')
    .distinct()
    .where('org_id', '=', orgId)
    .where('to_stage', 'in', keys)
    .execute();
  return new Set([...inDeals.map((row) => row.stage), ...inHistory.map((row) => row.to_stage)]);
}

/** The organisation's row as stored (settings still JSON text). */
export async function getOrganisationRow(db: Q, orgId: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirst();
}
