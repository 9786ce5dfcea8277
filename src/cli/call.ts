import type { Config } from '../config.js';
import { CLOUDSSO } from '../products/cloudsso/index.js';
import { signAcs3 } from '../rpc/signature/sign.js';
import { readRootKey } from '../runtime.js';
import { unreachableMessage } from './target.js';

/**
 * `cloudsso call <Action> [Name=Value ...]`: one signed management API call with the root key
 * (from the environment or the data dir), printing the JSON response. Exit code 1 on an error
 * response, so scripts can `set -e`.
 */
export async function callCommand(config: Config, endpoint: string, args: readonly string[], out: (s: string) => void): Promise<number> {
  const [action, ...pairs] = args;
  if (!action || action.startsWith('-')) {
    out('usage: cloudsso call [--port PORT | --endpoint URL] <Action> [Name=Value ...]   e.g. cloudsso call CreateDirectory DirectoryName=example');
    return 2;
  }
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      out(`Parameters are Name=Value; got "${pair}".`);
      return 2;
    }
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const key = readRootKey(config);
  if (!key) {
    out('No root AccessKey: set CLOUDSSO_ROOT_ACCESS_KEY_ID/SECRET, or start the server once so it generates one in the data dir.');
    return 2;
  }
  const signed = signAcs3({
    endpoint,
    action,
    version: CLOUDSSO.version,
    params,
    accessKeyId: key.AccessKeyId,
    accessKeySecret: key.AccessKeySecret,
  });
  let res: Response;
  try {
    res = await fetch(signed.url, { method: 'POST', headers: signed.headers });
  } catch (err) {
    out(unreachableMessage(endpoint, err));
    return 1;
  }
  const text = await res.text();
  try {
    out(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    out(text);
  }
  return res.ok ? 0 : 1;
}
