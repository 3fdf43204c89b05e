import { describe, expect, it } from 'vitest';
import type { Stage } from '../../api-client';
import { draftErrors, moveRow, requestBody, rowsFrom, serverErrors, withNewStage } from './pipelineDraft';

const stage = (key: string, kind: Stage['kind'] = 'open'): Stage => ({
  key,
  name: { zh: key, en: key },
  label: key,
  kind,
  probability: kind === 'won' ? 100 : kind === 'lost' ? 0 : 30,
  requiredFields: [],
  typicalDays: null,
});
const saved = [stage('lead'), stage('qualified'), stage('proposal'), stage('won', 'won'), stage('lost', 'lost')];
const messages = { required: 'required', moveTo: (n: number) => `move ${n}` };

describe('the pipeline editor draft', () => {
  it('adds a new stage before won and lost, and sends it without a key', () => {
    const { rows, uid } = withNewStage(rowsFrom(saved));
    expect(rows.map((r) => r.uid)).toEqual(['lead', 'qualified', 'proposal', uid, 'won', 'lost']);
    rows[3]!.name = { zh: '演示', en: 'Demo' };
    const { body, sent } = requestBody(rows, 7);
    expect(body.version).toBe(7);
    expect(body.stages[3]).toEqual({
      name: { zh: '演示', en: 'Demo' },
      kind: 'open',
      probability: 30,
      requiredFields: [],
      typicalDays: null,
    });
    expect(body.stages[0]!.key).toBe('lead');
    expect(sent).toEqual(rows.map((r) => r.uid));
  });

  it('moves open stages among open stages only', () => {
    const rows = rowsFrom(saved);
    expect(moveRow(rows, 'proposal', 'lead').map((r) => r.uid)).toEqual([
      'proposal',
      'lead',
      'qualified',
      'won',
      'lost',
    ]);
    expect(moveRow(rows, 'lead', 'won')).toBe(rows);
    expect(moveRow(rows, 'lost', 'lead')).toBe(rows);
  });

  it('leaves removed stages out and says where their deals go', () => {
    const rows = rowsFrom(saved).map((r) =>
      r.key === 'qualified'
        ? { ...r, removed: true, moveTo: 'lead' }
        : r.key === 'proposal'
          ? { ...r, removed: true }
          : r,
    );
    const { body, sent } = requestBody(rows, 1);
    expect(body.stages.map((s) => s.key)).toEqual(['lead', 'won', 'lost']);
    expect(body.moveDealsTo).toEqual({ qualified: 'lead' });
    expect(sent).toEqual(['lead', 'won', 'lost']);
  });

  it('finds blank names and removed stages whose deals have nowhere to go', () => {
    const rows = rowsFrom(saved).map((r) =>
      r.key === 'lead' ? { ...r, name: { zh: ' ', en: 'Lead' } } : r.key === 'proposal' ? { ...r, removed: true } : r,
    );
    expect(draftErrors(rows, { proposal: 3 }, messages)).toEqual({
      'lead.name.zh': 'required',
      'proposal.moveTo': 'move 3',
    });
    expect(draftErrors(rows, {}, messages)).toEqual({ 'lead.name.zh': 'required' });
  });

  it("puts the server's field errors back on their rows", () => {
    const { rows: withNew, uid } = withNewStage(rowsFrom(saved));
    const { sent } = requestBody(withNew, 1);
    const mapped = serverErrors(
      [
        { field: 'stages.3.name.en', message: 'blank' },
        { field: 'stages.1.requiredFields.0', message: 'unknown field' },
        { field: 'moveDealsTo.proposal', message: 'still 2 deals' },
        { field: 'stages', message: 'one won stage' },
      ],
      sent,
    );
    expect(mapped.rows).toEqual({
      [`${uid}.name.en`]: 'blank',
      'qualified.requiredFields': 'unknown field',
      'proposal.moveTo': 'still 2 deals',
    });
    expect(mapped.other).toEqual(['one won stage']);
  });
});
