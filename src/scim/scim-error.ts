/**
 * RFC 7644 §3.12 error responses. A `scimType` is only defined for 400 (and `uniqueness` for 409,
 * `mutability`... for 400, `tooMany` for 400): the constructor signature makes an invalid
 * status/scimType pair impossible to build.
 */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 Table 9 (§3.12): the scimType values and the status each belongs to. */
export type ScimType400 =
  | 'invalidFilter'
  | 'tooMany'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'mutability';

export type ScimErrorInit =
  | { status: 400; scimType?: ScimType400 }
  | { status: 409; scimType?: 'uniqueness' }
  | { status: 401 | 403 | 404 | 405 | 406 | 412 | 413 | 415 | 429 | 500 | 501 | 503; scimType?: never };

export class ScimError extends Error {
  override readonly name = 'ScimError';
  readonly status: number;
  readonly scimType: string | undefined;
  constructor(
    init: ScimErrorInit,
    readonly detail: string,
    /** Response headers, e.g. `Retry-After` of a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.status = init.status;
    this.scimType = init.scimType;
  }

  toJSON(): Record<string, unknown> {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export const invalidFilter = (detail: string) => new ScimError({ status: 400, scimType: 'invalidFilter' }, detail);
export const invalidPath = (detail: string) => new ScimError({ status: 400, scimType: 'invalidPath' }, detail);
export const invalidValue = (detail: string) => new ScimError({ status: 400, scimType: 'invalidValue' }, detail);
export const invalidSyntax = (detail: string) => new ScimError({ status: 400, scimType: 'invalidSyntax' }, detail);
export const noTarget = (detail: string) => new ScimError({ status: 400, scimType: 'noTarget' }, detail);
export const mutability = (detail: string) => new ScimError({ status: 400, scimType: 'mutability' }, detail);
