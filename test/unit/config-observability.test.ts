import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { defaultDatabasePoolSize, loadConfig, parseFlags } from '../../src/config.js';

describe('metrics and audit settings', () => {
  it('default to an open /metrics and 90 days of audit events', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: undefined, auditRetentionDays: 90 });
  });

  it('come from the environment or from serve flags, flags winning', () => {
    const env = { CLOUDSSO_METRICS_TOKEN: 'env-token-0123456789', CLOUDSSO_AUDIT_RETENTION_DAYS: '0' };
    expect(loadConfig(env)).toMatchObject({ metricsToken: 'env-token-0123456789', auditRetentionDays: 0 });
    const flags = parseFlags(['--metrics-token', 'flag-token-0123456789', '--audit-retention-days=365']);
    expect(loadConfig(env, flags)).toMatchObject({ metricsToken: 'flag-token-0123456789', auditRetentionDays: 365 });
  });

  it.each([
    [{ CLOUDSSO_METRICS_TOKEN: 'short' }, /CLOUDSSO_METRICS_TOKEN/],
    [{ CLOUDSSO_METRICS_TOKEN: 'has a space in it 0123' }, /CLOUDSSO_METRICS_TOKEN/],
    [{ CLOUDSSO_AUDIT_RETENTION_DAYS: '-1' }, /CLOUDSSO_AUDIT_RETENTION_DAYS/],
    [{ CLOUDSSO_AUDIT_RETENTION_DAYS: '30d' }, /CLOUDSSO_AUDIT_RETENTION_DAYS/],
  ])('reject %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the PostgreSQL pool size', () => {
  it('defaults to twice the cores, from 4 to 10', () => {
    expect([1, 2, 3, 4, 5, 64].map((cores) => defaultDatabasePoolSize(cores))).toEqual([4, 4, 6, 8, 10, 10]);
    expect(loadConfig({}).databasePoolSize).toBe(Math.min(10, Math.max(4, 2 * availableParallelism())));
    expect(loadConfig({ CLOUDSSO_DATABASE_POOL_SIZE: '' }).databasePoolSize).toBe(defaultDatabasePoolSize());
  });

  it('comes from the environment or a serve flag, flags winning', () => {
    expect(loadConfig({ CLOUDSSO_DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(loadConfig({ CLOUDSSO_DATABASE_POOL_SIZE: '4' }, parseFlags(['--database-pool-size', '16'])).databasePoolSize).toBe(16);
  });

  it.each(['0', '-1', '2.5', 'ten', '1001'])('rejects %j naming the variable and the range', (value) => {
    expect(() => loadConfig({ CLOUDSSO_DATABASE_POOL_SIZE: value })).toThrow(/^CLOUDSSO_DATABASE_POOL_SIZE must be an integer from 1 to 1000/);
  });
});
