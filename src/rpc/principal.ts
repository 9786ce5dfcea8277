/** Who signed a management API request. */
export type Principal =
  | { readonly type: 'root'; readonly accessKeyId: string }
  | { readonly type: 'ram-user'; readonly accessKeyId: string; readonly userId: string; readonly userName: string };
