/**
 * Error details name the operation that failed (`Operations[2]: ...`), since Entra and Okta log
 * only the detail.
 */
import { ScimError, type ScimType400 } from '../scim-error.js';

export function atOperation<T>(index: number, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof ScimError && e.status === 400 && !e.detail.startsWith('Operations[')) {
      throw new ScimError({ status: 400, scimType: e.scimType as ScimType400 | undefined }, `Operations[${index}]: ${e.detail}`);
    }
    throw e;
  }
}
