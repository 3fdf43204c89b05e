import type { FieldProblem, Stage } from '../../api-client';

/** One row of the pipeline editor: a saved stage (uid = its key) or a new one (uid `new-n`, no key yet). */
export interface StageRow {
  uid: string;
  /** The stage's key; empty for a stage not saved yet (the server makes it). */
  key: string;
  isNew: boolean;
  name: { zh: string; en: string };
  kind: Stage['kind'];
  probability: number;
  requiredFields: string[];
  typicalDays: number | null;
  /** Marked for removal (kept on screen until saved, so it can be taken back). */
  removed: boolean;
  /** Where a removed stage's deals go. */
  moveTo: string | null;
}

export interface PipelineBody {
  version: number;
  stages: {
    key?: string;
    name: { zh: string; en: string };
    kind: Stage['kind'];
    probability: number;
    requiredFields: string[];
    typicalDays: number | null;
  }[];
  moveDealsTo: Record<string, string>;
}

/** Field errors keyed `<uid>.<field>` (e.g. `lead.name.zh`, `proposal.moveTo`). */
export type RowErrors = Record<string, string>;

export function rowsFrom(stages: Stage[]): StageRow[] {
  return stages.map((s) => ({
    uid: s.key,
    key: s.key,
    isNew: false,
    name: { ...s.name },
    kind: s.kind,
    probability: s.probability,
    requiredFields: [...s.requiredFields],
    typicalDays: s.typicalDays,
    removed: false,
    moveTo: null,
  }));
}

let newRows = 0;

/** A new open stage, inserted before the closing (won/lost) stages. */
export function withNewStage(rows: StageRow[]): { rows: StageRow[]; uid: string } {
  newRows += 1;
  const uid = `new-${newRows}`;
  const row: StageRow = {
    uid,
    key: '',
    isNew: true,
    name: { zh: '', en: '' },
    kind: 'open',
    probability: 30,
    requiredFields: [],
    typicalDays: null,
    removed: false,
    moveTo: null,
  };
  const firstClosed = rows.findIndex((r) => r.kind !== 'open');
  const at = firstClosed < 0 ? rows.length : firstClosed;
  return { rows: [...rows.slice(0, at), row, ...rows.slice(at)], uid };
}

/** Moves the row `uid` to the position of `overUid`; open stages only move among open stages. */
export function moveRow(rows: StageRow[], uid: string, overUid: string): StageRow[] {
  const from = rows.findIndex((r) => r.uid === uid);
  const to = rows.findIndex((r) => r.uid === overUid);
  if (from < 0 || to < 0 || from === to || rows[from]!.kind !== 'open' || rows[to]!.kind !== 'open') return rows;
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row!);
  return next;
}

/** The PUT body, and the row uid behind each sent stage (to put the server's `stages.N.*` errors back on their row). */
export function requestBody(rows: StageRow[], version: number): { body: PipelineBody; sent: string[] } {
  const kept = rows.filter((r) => !r.removed);
  return {
    body: {
      version,
      stages: kept.map((r) => ({
        ...(r.isNew ? {} : { key: r.key }),
        name: { zh: r.name.zh, en: r.name.en },
        kind: r.kind,
        probability: r.probability,
        requiredFields: r.requiredFields,
        typicalDays: r.typicalDays,
      })),
      moveDealsTo: Object.fromEntries(
        rows.filter((r) => r.removed && !r.isNew && r.moveTo).map((r) => [r.key, r.moveTo!]),
      ),
    },
    sent: kept.map((r) => r.uid),
  };
}

/** What the page can tell before sending: blank names, removed stages whose deals have nowhere to go. */
export function draftErrors(
  rows: StageRow[],
  dealCounts: Record<string, number>,
  messages: { required: string; moveTo(n: number): string },
): RowErrors {
  const errors: RowErrors = {};
  for (const row of rows) {
    if (row.removed) {
      const n = dealCounts[row.key] ?? 0;
      if (n > 0 && !row.moveTo) errors[`${row.uid}.moveTo`] = messages.moveTo(n);
      continue;
    }
    if (!row.name.zh.trim()) errors[`${row.uid}.name.zh`] = messages.required;
    if (!row.name.en.trim()) errors[`${row.uid}.name.en`] = messages.required;
  }
  return errors;
}

/** Splits the server's field problems into row errors and the rest (shown above the table). */
export function serverErrors(problems: FieldProblem[], sent: string[]): { rows: RowErrors; other: string[] } {
  const rows: RowErrors = {};
  const other: string[] = [];
  for (const problem of problems) {
    const stage = /^stages\.(\d+)\.(.+)$/.exec(problem.field);
    const move = /^moveDealsTo\.(.+)$/.exec(problem.field);
    const uid = stage ? sent[Number(stage[1])] : move ? move[1] : undefined;
    if (uid !== undefined) {
      // requiredFields.0 and the like belong to the field itself.
      const field = stage ? stage[2]!.replace(/\.\d+$/, '') : 'moveTo';
      rows[`${uid}.${field}`] ??= problem.message;
    } else {
      other.push(problem.message);
    }
  }
  return { rows, other };
}
