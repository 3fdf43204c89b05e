import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { checkAnswer } from '../contract-check.js';
import { PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * Each request reuses the organisation's settings and stages read at the version its sign-in check saw;
 * a change made through any instance on the same database shows on the next request everywhere.
 */
describeEachDb('organisation context across instances', (db) => {
  let t: TestApp;
  let other: FastifyInstance;
  let dealId: string;
  beforeAll(async () => {
    t = await startTestApp(db());
    other = await buildApp({ db: db().db, dataDir: db().dataDir, onAnswer: checkAnswer, clock: () => t.clock.now });
    const deal = await t.admin.post('/api/deals', { title: 'Context deal', amount: 100_00 });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  async function getOnOther(url: string, cookie: string) {
    const res = await other.inject({ method: 'GET', url, headers: { cookie } });
    return { status: res.statusCode, body: res.json() as any };
  }

  it('shows a renamed stage and new settings on the other instance at once', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: (await t.admin.get('/api/me')).body.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = `tz_session=${login.cookies.find((c) => c.name === 'tz_session')!.value}`;

    // The other instance reads (and keeps) the organisation as it is now.
    const before = await getOnOther(`/api/deals/${dealId}`, cookie);
    expect(before.status).toBe(200);
    expect(before.body.stageName).toBe('潜在客户');

    const pipeline = await t.admin.get('/api/pipeline');
    const stages = pipeline.body.stages.map(
      ({ label: _label, ...stage }: { label: string; name: { zh: string; en: string } }) => stage,
    );
    stages[0] = { ...stages[0], name: { zh: '线索', en: 'Lead' } };
    const renamed = await t.admin.put('/api/pipeline', { stages, version: pipeline.body.version });
    expect(renamed.status).toBe(200);
    const after = await getOnOther(`/api/deals/${dealId}`, cookie);
    expect(after.body.stageName).toBe('线索');
    const listed = await getOnOther('/api/deals?limit=5', cookie);
    expect(listed.body.items.find((d: { id: string }) => d.id === dealId).stageName).toBe('线索');

    const settings = await t.admin.get('/api/settings');
    const changed = await t.admin.patch('/api/settings', { currency: 'USD', version: settings.body.version });
    expect(changed.status).toBe(200);
    const seen = await getOnOther('/api/settings', cookie);
    expect(seen.body.currency).toBe('USD');
  });
});
