import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';
import { expectDirectory, expectErrorBody, expectSuccess } from './support/wire.js';

/**
 * `cloudsso call` as the README uses it: the real bin/cloudsso.js over a build of src/ (compiled
 * into a temp dir, so the repository's dist/ is neither needed nor touched), against a running
 * server, with the root key from the data dir or from the environment.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

describe('cloudsso call', () => {
  const app = mkdtempSync(join(tmpdir(), 'cloudsso-cli-'));
  let node: TestServer;
  beforeAll(async () => {
    // Type checking is the lint step's job; here only the emitted JavaScript matters.
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(app, 'dist'), '--noCheck']);
    mkdirSync(join(app, 'bin'));
    copyFileSync(join(ROOT, 'bin/cloudsso.js'), join(app, 'bin/cloudsso.js'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    node = await startTestServer('sqlite', { generateKeys: true });
  });
  afterAll(async () => {
    await node?.close();
    rmSync(app, { recursive: true, force: true });
  });

  /** Runs the CLI with only the given CLOUDSSO_* variables; resolves to exit code and output. */
  async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLOUDSSO_')));
    try {
      const { stdout } = await run(process.execPath, [join(app, 'bin/cloudsso.js'), ...args], { env: { ...clean, ...env } });
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code?: number; stdout?: string };
      if (typeof err.code !== 'number') throw e;
      return { code: err.code, stdout: err.stdout ?? '' };
    }
  }

  it('signs with the root key saved in the data dir and prints the JSON response', async () => {
    const env = { CLOUDSSO_DATA_DIR: node.dataDir, CLOUDSSO_PORT: String(node.port) };
    const created = await cli(['call', 'CreateDirectory', 'DirectoryName=cli-example'], env);
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout) as Record<string, any>;
    expectSuccess(body, ['Directory']);
    expectDirectory(body.Directory);
    expect(body.Directory.DirectoryName).toBe('cli-example');

    const credential = await cli(['call', 'CreateSCIMServerCredential', `DirectoryId=${body.Directory.DirectoryId}`], env);
    expect(credential.code).toBe(0);
    expect(JSON.parse(credential.stdout).SCIMServerCredential.CredentialSecret).toEqual(expect.any(String));
  });

  it('takes the root key from CLOUDSSO_ROOT_ACCESS_KEY_ID/SECRET and exits 1 with the error JSON on an error response', async () => {
    const env = {
      CLOUDSSO_DATA_DIR: join(app, 'no-data-here'),
      CLOUDSSO_PORT: String(node.port),
      CLOUDSSO_ROOT_ACCESS_KEY_ID: node.rootKey.id,
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: node.rootKey.secret,
    };
    const missing = await cli(['call', 'GetDirectory', 'DirectoryId=d-000000000000'], env);
    expect(missing.code).toBe(1);
    expectErrorBody(JSON.parse(missing.stdout), 'EntityNotExists.Directory');

    const wrong = await cli(['call', 'ListDirectories'], { ...env, CLOUDSSO_ROOT_ACCESS_KEY_SECRET: 'wrong-secret-wrong-secret-000' });
    expect(wrong.code).toBe(1);
    expectErrorBody(JSON.parse(wrong.stdout), 'SignatureDoesNotMatch');
  });
});
