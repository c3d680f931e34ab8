import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { dispatch } from '../../src-main/hosts/dispatch';
import { createHandlers } from '../../src-main/hosts/handlers';
import { startCore, tempDataDir, testConfig } from '../support/coreHarness';

/** engagement.record from outside is limited per drone per minute, with a clear error. */
describe('engagement rate limit', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    data = await tempDataDir();
    core = await startCore({ ...testConfig(data.dir), engagementsPerDronePerMinute: 3 });
  });
  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('answers RATE_LIMITED past the limit, records nothing more, and limits drones separately', async () => {
    const handlers = createHandlers(core);
    const [first, second] = core.registry.drones();
    const record = (droneId: string, convoyId: string) =>
      dispatch(
        handlers,
        'engagement.record',
        { convoyId, droneId, hit: true, weaponType: 'GUN_30MM' },
        core.log,
      );
    for (let i = 0; i < 3; i++) {
      expect(await record(first!.id, first!.convoyId)).toMatchObject({ ok: true });
    }
    const refused = await record(first!.id, first!.convoyId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(JSON.stringify(refused)).toMatch(/3 engagements this minute.*try again in \d+ s/);
    expect(await core.store.listEngagements({ droneId: first!.id })).toHaveLength(3);
    // Another drone has its own allowance.
    expect(await record(second!.id, second!.convoyId)).toMatchObject({ ok: true });
  });
});
