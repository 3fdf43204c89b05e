import { SettingsUpdateSchema } from '../contract/settings.js';
import { parseInput } from '../contract/validate.js';
import { changedFields } from '../domain/audit.js';
import type { FieldError } from '../domain/problem.js';
import { staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import {
  getOrganisationRow,
  type OrgSettings,
  organisationVersion,
  parseSettings,
  updateOrganisationIfVersion,
} from '../store/queries/org.js';
import { type CommandContext, requirePermission } from './context.js';
import { throwIfErrors } from './deal-rules.js';

export interface OrganisationSettings {
  name: string;
  timezone: string;
  currency: string;
  settings: OrgSettings;
  version: number;
}

/** The IANA name of a time zone as the runtime knows it (case fixed), or null when it is not one. */
export function canonicalTimeZone(value: string): string | null {
  // IANA names only: "Area/Location" or a plain name like UTC; offsets such as +08:00 are not zones.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return null;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
  } catch {
    return null;
  }
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Admin changes the organisation's name, time zone, currency and thresholds (send the current version). */
export async function updateSettings(ctx: CommandContext, input: unknown): Promise<OrganisationSettings> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(SettingsUpdateSchema, input);

  return ctx.db.transaction().execute(async (trx) => {
    const row = await getOrganisationRow(trx, org.id);
    if (!row) throw staleVersion(org.version);
    const stored = JSON.parse(row.settings) as Record<string, unknown>;
    const current = parseSettings(row.settings);
    const errors: FieldError[] = [];
    let timezone = row.timezone;
    if (data.timezone !== undefined) {
      const zone = canonicalTimeZone(data.timezone.trim());
      if (zone === null)
        errors.push({
          field: 'timezone',
          message: { zh: '应为 IANA 时区名，如 Asia/Shanghai', en: 'must be an IANA time zone such as Asia/Shanghai' },
        });
      else timezone = zone;
    }
    for (const field of ['dailyUpdateTime', 'digestTime'] as const) {
      const value = data[field];
      if (value !== undefined && !HH_MM.test(value))
        errors.push({
          field,
          message: { zh: '应为 24 小时制时间 HH:MM，如 17:00', en: 'must be a 24-hour time HH:MM such as 17:00' },
        });
    }
    if (data.workdays !== undefined && new Set(data.workdays).size !== data.workdays.length) {
      errors.push({ field: 'workdays', message: { zh: '工作日不能重复', en: 'must not repeat a day' } });
    }
    const light = { ...current.light, ...(data.light ?? {}) };
    if (light.yellowStalledDays >= light.redStalledDays) {
      const field = data.light?.yellowStalledDays !== undefined ? 'light.yellowStalledDays' : 'light.redStalledDays';
      errors.push({
        field,
        message: {
          zh: `黄灯天数（${light.yellowStalledDays}）应少于红灯天数（${light.redStalledDays}）`,
          en: `The yellow threshold (${light.yellowStalledDays} days) must be below the red one (${light.redStalledDays} days)`,
        },
      });
    }
    throwIfErrors(errors);
    if (data.version !== row.version) throw staleVersion(row.version);

    const next: OrganisationSettings = {
      name: data.name !== undefined ? data.name.trim() : row.name,
      timezone,
      currency: data.currency ?? row.currency,
      settings: {
        ...current,
        light,
        attachmentMaxBytes: data.attachmentMaxBytes ?? current.attachmentMaxBytes,
        dailyUpdateTime: data.dailyUpdateTime ?? current.dailyUpdateTime,
        digestTime: data.digestTime ?? current.digestTime,
        updateWindowDays: data.updateWindowDays ?? current.updateWindowDays,
        workdays: data.workdays ? [...data.workdays].sort((a, b) => a - b) : current.workdays,
        notifyLocale: data.notifyLocale ?? current.notifyLocale,
      },
      version: row.version,
    };
    const FIELDS = [
      'name',
      'timezone',
      'currency',
      'light',
      'attachmentMaxBytes',
      'dailyUpdateTime',
      'digestTime',
      'updateWindowDays',
      'workdays',
      'notifyLocale',
    ] as const;
    const flat = (s: OrganisationSettings) => ({
      name: s.name,
      timezone: s.timezone,
      currency: s.currency,
      ...s.settings,
    });
    const before = flat({
      name: row.name,
      timezone: row.timezone,
      currency: row.currency,
      settings: current,
      version: row.version,
    });
    const changes = changedFields(before, flat(next), [...FIELDS]);
    if (changes.length === 0) return next;

    // Settings this command does not know (added by other features) are kept as stored.
    const settingsText = JSON.stringify({ ...stored, ...next.settings });
    if (
      !(await updateOrganisationIfVersion(trx, org.id, row.version, {
        name: next.name,
        timezone: next.timezone,
        currency: next.currency,
        settings: settingsText,
        updated_at: now.toISOString(),
      }))
    ) {
      throw staleVersion((await organisationVersion(trx, org.id)) ?? row.version);
    }
    await writeAudit(trx, actor, now, { entity: 'organisation', entityId: org.id, action: 'update', changes });
    return { ...next, version: row.version + 1 };
  });
}
