import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/core/errors.js';
import type { AttributePath, Filter } from '../../src/core/filter.js';
import {
  filterablePaths,
  GROUP_RESOURCE,
  GROUP_STORAGE,
  USER_RESOURCE,
  USER_STORAGE,
  storageOf,
  type AttributeDefinition,
  type ResourceType,
} from '../../src/scim-model/index.js';
import { GROUP_ATTRIBUTES, groupRepository } from '../../src/store/repos/groups.js';
import { USER_ATTRIBUTES, userRepository } from '../../src/store/repos/users.js';
import { groupScimAttributes, USER_JSON_ATTRIBUTES, userScimAttributes } from '../../src/store/scim-attributes.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * The store's filter maps are built from the SCIM attribute catalogue (src/scim-model/). These
 * tests hold them to it: every attribute the catalogue calls filterable is covered by a column, the
 * document or a membership, and the store compiles and runs a filter on each, on both databases.
 */

type Entry = ReturnType<typeof filterablePaths>[number];

const attrOf = (e: Entry): AttributePath => {
  const [name = '', sub] = e.path.split('.');
  return { ...(e.schema !== undefined ? { schema: e.schema } : {}), name, ...(sub !== undefined ? { sub } : {}) };
};

/**
 * A filter that the attribute's type allows: `eq` with a value of its type; on a complex attribute
 * with no `value`, `pr` (single-valued) or a bracket filter on its first sub-attribute (multi-valued).
 */
function filterFor(e: Entry): Filter {
  const attr = attrOf(e);
  const d: AttributeDefinition | undefined = e.definition;
  if (e.path.startsWith('meta.')) return { op: 'gt', attr, value: '2020-01-01T00:00:00Z' };
  if (d?.type === 'boolean') return { op: 'eq', attr, value: true };
  if (d?.type === 'complex' && !d.subAttributes?.some((s) => s.name === 'value')) {
    const first = d.subAttributes![0]!;
    return d.multiValued ? { op: 'has', attr, filter: { op: 'eq', attr: { name: first.name.toLowerCase() }, value: 'x' } } : { op: 'pr', attr };
  }
  return { op: 'eq', attr, value: 'x' };
}

function coveredBy(rt: ResourceType, e: Entry): string | undefined {
  const columns = rt.id === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
  const memberships = storageOf(rt).memberships.map((m) => m.name.toLowerCase());
  const top = e.path.split('.')[0]!;
  if (e.schema === undefined && columns[e.path]) return 'column';
  if (e.schema === undefined && memberships.includes(top)) return 'membership';
  if (rt.id === 'User' && e.schema === undefined && USER_JSON_ATTRIBUTES.core[top]) return 'document';
  if (rt.id === 'User' && e.schema !== undefined && USER_JSON_ATTRIBUTES.enterprise[top]) return 'document (extension)';
  return undefined;
}

describe('the store covers every filterable attribute of the catalogue', () => {
  it.each([USER_RESOURCE, GROUP_RESOURCE].flatMap((rt) => filterablePaths(storageOf(rt)).map((e) => [rt.name, e.schema ? `${e.schema}:${e.path}` : e.path, rt, e] as const)))(
    '%s %s',
    (_n, _p, rt, e) => {
      expect(coveredBy(rt, e)).toBeDefined();
    },
  );

  it('lists the attributes it should: emails.value and the enterprise manager.value yes, password and x509Certificates no', () => {
    const users = filterablePaths(USER_STORAGE).map((e) => (e.schema ? `${e.schema}:${e.path}` : e.path));
    expect(users).toEqual(expect.arrayContaining(['username', 'name.givenname', 'emails.value', 'groups.display', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value']));
    expect(users).not.toContain('password');
    expect(users.filter((p) => p.startsWith('x509certificates'))).toEqual([]);
    expect(filterablePaths(GROUP_STORAGE).map((e) => e.path)).toEqual(expect.arrayContaining(['displayname', 'members.value']));
  });

  it('keeps the columns apart from the document: an attribute is in one place only', () => {
    for (const path of Object.keys(USER_ATTRIBUTES)) expect(USER_JSON_ATTRIBUTES.core[path]).toBeUndefined();
    expect(Object.keys(USER_ATTRIBUTES).sort()).toEqual(
      ['active', 'displayname', 'externalid', 'id', 'meta.created', 'meta.lastmodified', 'name.familyname', 'name.givenname', 'username'].sort(),
    );
    expect(Object.keys(GROUP_ATTRIBUTES).sort()).toEqual(['displayname', 'externalid', 'id', 'meta.created', 'meta.lastmodified']);
  });

  it('compares case-insensitive attributes in folded key columns and case-exact ones as they are', () => {
    const types = Object.fromEntries(Object.entries(USER_ATTRIBUTES).map(([k, v]) => [k, v.type]));
    expect(types).toMatchObject({ username: 'key', displayname: 'key', 'name.givenname': 'key', id: 'exact', externalid: 'exact', active: 'status' });
    expect(USER_JSON_ATTRIBUTES.core['profileurl']).toMatchObject({ caseExact: true });
    expect(USER_JSON_ATTRIBUTES.core['photos']?.subs?.['value']).toMatchObject({ caseExact: true });
    expect(USER_JSON_ATTRIBUTES.core['emails']?.subs?.['value']).toMatchObject({ caseExact: false });
  });
});

describe.each(DIALECTS)('filters on every catalogue attribute run on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  const users = () => userRepository(database().db, database().dialect, { special: userScimAttributes });
  const groups = () => groupRepository(database().db, database().dialect, { special: groupScimAttributes });
  const count = (rt: ResourceType, filter: Filter) => (rt.id === 'User' ? users() : groups()).countMatching({ directoryId: 'd-none', filter });

  it('compiles and runs a filter on each filterable attribute of Users and Groups', async () => {
    for (const rt of [USER_RESOURCE, GROUP_RESOURCE]) {
      for (const e of filterablePaths(storageOf(rt))) {
        const filter = filterFor(e);
        await expect(count(rt, filter), `${rt.name} ${JSON.stringify(filter)}`).resolves.toBe(0);
      }
    }
  });

  it('refuses what the catalogue does not call filterable, as InvalidFilter', async () => {
    for (const [rt, attr] of [
      [USER_RESOURCE, { name: 'x509certificates', sub: 'value' }],
      [USER_RESOURCE, { name: 'nosuchattribute' }],
      [GROUP_RESOURCE, { name: 'username' }],
    ] as const) {
      const err = await count(rt, { op: 'eq', attr, value: 'x' }).catch((e: unknown) => e);
      expect(isDomainError(err) && err.code).toBe('InvalidFilter');
    }
  });
});
