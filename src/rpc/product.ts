import type { CoreContext } from '../core/context.js';
import type { RegisteredAction } from './action.js';
import type { ErrorTable } from './error-map.js';
import type { Principal } from './principal.js';

/** Where a deployment lives: the parts of its ARNs that are not the resource. */
export interface ArnSettings {
  readonly regionId: string;
  readonly accountId: string;
}

/**
 * One API a client names with `Version` (CloudSSO 2021-05-15, RAM 2015-05-01, ...): data over the
 * RPC edge. The edge knows signatures, envelopes and authorization; a product brings its actions,
 * its RAM service code and ARN form, and its error vocabulary.
 */
export interface Product {
  /** The RAM service code: the prefix of its RAM actions (`cloudsso:CreateUser`) and ARNs. */
  readonly code: string;
  /** The API version a signed request names in `Version`. */
  readonly version: string;
  /** Every action, by wire name. */
  readonly actions: ReadonlyMap<string, RegisteredAction>;
  /** Builds `acs:<code>:<region>:<account>:<relative>` (global products leave the region out). */
  arn(settings: ArnSettings): (relative: string) => string;
  /** Domain errors raised by this product's handlers, in its own words. */
  readonly errors: ErrorTable;
  /**
   * Which accounts may call the product at all, asked after RAM authorization and before the
   * handler: throws (a domain error) for a caller's account the product does not serve.
   */
  admit?(core: CoreContext, principal: Principal, action: RegisteredAction): Promise<void>;
}

/** A product's action list as the registry the edge looks actions up in. */
export function actionRegistry(actions: readonly RegisteredAction[]): ReadonlyMap<string, RegisteredAction> {
  const registry = new Map<string, RegisteredAction>();
  for (const a of actions) {
    if (registry.has(a.name)) throw new Error(`Action ${a.name} is defined twice.`);
    registry.set(a.name, a);
  }
  return registry;
}
