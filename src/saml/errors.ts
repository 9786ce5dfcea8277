/** Input this module cannot use (a certificate or metadata document), with a reason to show the caller. */
export class SamlInputError extends Error {
  override readonly name = 'SamlInputError';
}
