/**
 * Who signed a management API request, and in which account it acts: the root and RAM users act
 * in their own account, an STS session in the account of the role it assumed.
 */
export type Principal =
  | { readonly type: 'root'; readonly accessKeyId: string; readonly accountId: string }
  | { readonly type: 'ram-user'; readonly accessKeyId: string; readonly accountId: string; readonly userId: string; readonly userName: string }
  | {
      readonly type: 'assumed-role';
      readonly accessKeyId: string;
      readonly accountId: string;
      readonly roleId: string;
      readonly roleName: string;
      readonly sessionName: string;
      /** The AssumeRole `Policy` that narrows the session, if one was given. */
      readonly sessionPolicy: string | null;
    };
