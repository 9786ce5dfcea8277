import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * The portal's account list in the store (docs/decisions/0160): the distinct targets the
 * assignments of a set of principals reach, in ID order, keyset-paged; and those principals'
 * assignments on a page of targets. Another directory's rows and other principals' never show.
 */
describe.each(DIALECTS)('assigned targets in the store on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  const now = 1_700_000_000_000;

  it('pages the distinct targets of a user and its groups, and reads their assignments on a page', async () => {
    const store = createStore(database().db, database().dialect);
    for (const id of ['d-targets0001', 'd-targets0002']) {
      await store.directories.insert({ id, name: id, region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    }
    const ac = (directoryId: string, id: string) => ({ id, directoryId, name: id, description: null, relayState: null, sessionDuration: 3600, createTime: now, updateTime: now });
    await store.access.insertConfiguration(ac('d-targets0001', 'ac-1'));
    await store.access.insertConfiguration(ac('d-targets0001', 'ac-2'));
    await store.access.insertConfiguration(ac('d-targets0002', 'ac-3'));
    const assign = (directoryId: string, accessConfigurationId: string, targetId: string, principalType: 'User' | 'Group', principalId: string) =>
      store.access.insertAssignment({ directoryId, accessConfigurationId, targetType: 'RD-Account', targetId, principalType, principalId, createTime: now });
    await assign('d-targets0001', 'ac-1', '300', 'User', 'u-1');
    await assign('d-targets0001', 'ac-2', '300', 'Group', 'g-1');
    await assign('d-targets0001', 'ac-1', '100', 'Group', 'g-1');
    await assign('d-targets0001', 'ac-1', '200', 'Group', 'g-2');
    await assign('d-targets0001', 'ac-2', '400', 'User', 'u-other');
    await assign('d-targets0002', 'ac-3', '050', 'User', 'u-1');

    const principals = ['u-1', 'g-1', 'g-2'];
    expect(await store.access.listTargetsOfPrincipals('d-targets0001', principals, undefined, 10)).toEqual(['100', '200', '300']);
    expect(await store.access.listTargetsOfPrincipals('d-targets0001', principals, undefined, 2)).toEqual(['100', '200']);
    expect(await store.access.listTargetsOfPrincipals('d-targets0001', principals, '200', 2)).toEqual(['300']);
    expect(await store.access.listTargetsOfPrincipals('d-targets0001', [], undefined, 2)).toEqual([]);
    expect(await store.access.listTargetsOfPrincipals('d-targets0001', ['u-1'], undefined, 10)).toEqual(['300']);

    const on = await store.access.listAssignmentsOfPrincipalsOn('d-targets0001', principals, ['300', '400']);
    expect(on.map((a) => `${a.targetId}/${a.accessConfigurationId}/${a.principalId}`)).toEqual(['300/ac-1/u-1', '300/ac-2/g-1']);
    expect(await store.access.listAssignmentsOfPrincipalsOn('d-targets0001', principals, [])).toEqual([]);
  });
});
