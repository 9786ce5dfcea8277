import { createRequire } from 'node:module';

/**
 * Runs a Postman collection with newman's Node API (newman is a devDependency) and returns every
 * assertion with its outcome, so a Vitest test can fail on exactly the assertions that failed.
 */
const require = createRequire(import.meta.url);
const newman = require('newman') as { run: (opts: unknown, cb: (err: Error | null, summary: any) => void) => void };

export { SUITES } from './scim-suites.js';

export interface Assertion {
  readonly item: string;
  readonly assertion: string;
  readonly error?: string;
}

export interface NewmanResult {
  readonly requests: number;
  readonly assertions: Assertion[];
  readonly failed: Assertion[];
  readonly requestErrors: string[];
}

export function runCollection(opts: {
  collection: string;
  environment?: string;
  envVar?: Record<string, string>;
  folder?: string[];
}): Promise<NewmanResult> {
  return new Promise((resolvePromise, reject) => {
    newman.run(
      {
        collection: opts.collection,
        ...(opts.environment ? { environment: opts.environment } : {}),
        envVar: Object.entries(opts.envVar ?? {}).map(([key, value]) => ({ key, value })),
        ...(opts.folder ? { folder: opts.folder } : {}),
        reporters: [],
        timeoutRequest: 30_000,
      },
      (err, summary) => {
        if (err) return reject(err);
        const assertions: Assertion[] = [];
        for (const ex of summary.run.executions ?? []) {
          for (const a of ex.assertions ?? []) {
            assertions.push({ item: ex.item.name, assertion: a.assertion, ...(a.error ? { error: a.error.message } : {}) });
          }
        }
        const requestErrors = (summary.run.failures ?? [])
          .filter((f: any) => !f.error?.name?.includes('AssertionError'))
          .map((f: any) => `${f.source?.name ?? '?'}: ${f.error?.message}`);
        resolvePromise({
          requests: summary.run.stats.requests.total,
          assertions,
          failed: assertions.filter((a) => a.error !== undefined),
          requestErrors,
        });
      },
    );
  });
}
