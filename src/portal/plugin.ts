import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuerystring } from 'fast-querystring';
import QRCode from 'qrcode';
import type { AuthThrottle } from '../core/auth-throttle.js';
import type { CoreContext } from '../core/context.js';
import type { Directory } from '../core/model.js';
import { FIXED_PASSWORD_RULES, policyFromSettings } from '../core/password-policy.js';
import { issueUserCredentials, PortalAccessRefused, userAccessPage } from '../core/access/user-access.js';
import {
  bindMfaDevice,
  changeExpiredPassword,
  passwordSignIn,
  pendingBindSecret,
  reauthenticateToAddDevice,
  skipMfaBinding,
  verifyMfaCode,
  type SignInFailure,
  type StepResult,
} from '../core/sign-in/password-sign-in.js';
import { decideDeviceAuthorization, normaliseUserCode } from '../core/sign-in/device-flow.js';
import { endPortalSession, readAnyPortalSession, type PortalRequestInfo, type PortalSessionStage } from '../core/sign-in/sessions.js';
import { loginPreferenceFrom, samlIdpFrom } from '../core/sign-in/settings.js';
import { totpUri } from '../core/sign-in/totp.js';
import { countParameters, DEFAULT_MAX_PARAMETERS } from '../http-bounds.js';
import { csrfToken, csrfValid, newPreSessionValue } from './csrf.js';
import { trusted, type Html } from './html.js';
import {
  accountsSection,
  bindPage,
  credentialsPage,
  deviceDonePage,
  devicePage,
  errorPage,
  landingPage,
  mfaPage,
  passwordChangePage,
  PORTAL_CSS,
  reauthPage,
  signedOutPage,
  signInPage,
} from './pages.js';
import { clearNextCookie, readNext, safeNext, setNextCookie } from './next.js';
import {
  clearPortalSessionCookie,
  completePortalSignIn,
  portalPath,
  PRE_SESSION_COOKIE,
  readCookie,
  secureCookies,
  SESSION_COOKIE,
  setPortalSessionCookie,
  setPreSessionCookie,
} from './session-cookie.js';

export interface PortalPluginOptions {
  readonly core: CoreContext;
  readonly throttle: AuthThrottle;
  readonly publicUrl?: string | undefined;
  readonly maxParameters?: number;
  /** Where a directory with SSO on sends its users to start SAML sign-in (the SAML edge's path). */
  readonly ssoStartPath?: (directory: Directory) => string;
}

/**
 * The user portal at `/portal/<DirectoryName>` (docs/decisions/0115-portal-sign-in.md): sign-in,
 * the MFA and password steps, the signed-in landing page and sign-out, as server-rendered HTML.
 * Every answer is a page (errors too), with a strict Content-Security-Policy and no caching.
 */
/** Accounts per page of the landing page. */
const ACCOUNTS_PER_PAGE = 20;

export async function portalPlugin(app: FastifyInstance, opts: PortalPluginOptions): Promise<void> {
  const core = opts.core;
  const maxParameters = opts.maxParameters ?? DEFAULT_MAX_PARAMETERS;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (countParameters(text) > maxParameters) return done(Object.assign(new Error('Too many form fields.'), { statusCode: 400 }), undefined);
    done(null, parseQuerystring(text));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => {
    done(Object.assign(new Error('The portal takes HTML form posts only.'), { statusCode: 415 }), undefined);
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  const page = (reply: FastifyReply, status: number, body: Html) => reply.code(status).type('text/html; charset=utf-8').send(`${body}`);
  const see = (reply: FastifyReply, to: string) => reply.code(303).redirect(to, 303);
  const info = (request: FastifyRequest): PortalRequestInfo => ({
    sourceIp: request.ip,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 512) : undefined,
    requestId: request.id,
  });
  const field = (request: FastifyRequest, name: string): string => {
    const body = request.body as Record<string, unknown> | undefined;
    const v = body?.[name];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  };

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 503;
    if (status === 503) request.log.error({ err: error }, 'portal request failed');
    const message =
      status === 503
        ? 'The portal could not complete the request. Try again in a moment.'
        : status === 413
          ? 'The form is too large.'
          : status === 415
            ? 'The portal takes HTML form posts only.'
            : 'The request could not be understood.';
    return page(reply, status, errorPage({ title: status === 503 ? 'Something went wrong' : 'Bad request', message }));
  });
  app.setNotFoundHandler((_request, reply) =>
    page(reply, 404, errorPage({ title: 'Page not found', message: 'There is no portal page at this address. Check the link your administrator gave you.' })),
  );

  app.get('/_assets/portal.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(PORTAL_CSS));

  /** The directory named in the path (exact name first, then case-insensitively), or a 404 page. */
  async function directoryOf(request: FastifyRequest, reply: FastifyReply): Promise<Directory | undefined> {
    const name = (request.params as { dir?: string }).dir ?? '';
    const all = name.length > 0 && name.length <= 64 ? await core.store.directories.list() : [];
    const d = all.find((x) => x.name === name) ?? all.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!d) {
      await page(reply, 404, errorPage({ title: 'Portal not found', message: 'No directory has a user portal at this address. Check the link your administrator gave you.' }));
      return undefined;
    }
    return d;
  }

  const stagePath = (d: Directory, stage: PortalSessionStage): string =>
    portalPath(
      d.name,
      stage === 'mfa-verify' ? '/mfa' : stage === 'mfa-bind' || stage === 'mfa-bind-optional' ? '/mfa/bind' : stage === 'password-change' ? '/password' : '',
    );

  /** The browser's session (any stage) in directory `d`. */
  async function sessionIn(request: FastifyRequest, d: Directory) {
    const token = readCookie(request, SESSION_COOKIE);
    const s = await readAnyPortalSession(core, token);
    return s && token !== undefined && s.directoryId === d.id ? { token, session: s } : undefined;
  }

  const loginPath = (d: Directory) => portalPath(d.name, '/login');

  async function renderSignIn(request: FastifyRequest, reply: FastifyReply, d: Directory, status: number, view: { error?: string; userName?: string; notice?: string } = {}) {
    let pre = readCookie(request, PRE_SESSION_COOKIE);
    if (!pre) {
      pre = newPreSessionValue();
      setPreSessionCookie(reply, pre, secureCookies(request, opts.publicUrl));
    }
    const idp = samlIdpFrom(await core.store.directories.getSettings(d.id));
    const sso = idp?.ssoStatus === 'Enabled' ? { ...(opts.ssoStartPath ? { startPath: opts.ssoStartPath(d) } : {}) } : undefined;
    return page(reply, status, signInPage({ directoryName: d.name, csrf: csrfToken(pre), ...view, ...(sso ? { sso } : {}) }));
  }

  const formExpired = (reply: FastifyReply, d: Directory) =>
    page(
      reply,
      403,
      errorPage({
        title: 'Form expired',
        message: 'This form has expired or did not come from this portal. Open the page again and resubmit it.',
        directoryName: d.name,
        link: { href: loginPath(d), text: 'Back to sign-in' },
      }),
    );

  // Landing page: signed in, or on to the step owed, or to the sign-in form.
  app.get('/:dir', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const s = await sessionIn(request, d);
    if (!s) return see(reply, loginPath(d));
    if (s.session.stage !== 'active') return see(reply, stagePath(d, s.session.stage));
    // Back where the user was going before signing in (docs/decisions/0161), once.
    const next = readNext(request);
    if (next !== undefined) {
      clearNextCookie(reply, secureCookies(request, opts.publicUrl));
      const to = safeNext(d.name, next);
      if (to) return see(reply, to);
    }
    const rawAfter = (request.query as { after?: unknown }).after;
    if (rawAfter !== undefined && (typeof rawAfter !== 'string' || !/^[0-9]{1,32}$/.test(rawAfter))) {
      return page(reply, 400, errorPage({ title: 'Bad request', message: 'This page of accounts does not exist.', directoryName: d.name, link: { href: portalPath(d.name), text: 'Your accounts' } }));
    }
    const after = typeof rawAfter === 'string' ? rawAfter : undefined;
    const [devices, access, settings] = await Promise.all([
      core.store.signIn.listMfaDevices(d.id, s.session.userId),
      userAccessPage(core, d.id, s.session.userId, { after, limit: ACCOUNTS_PER_PAGE }),
      core.store.directories.getSettings(d.id),
    ]);
    const csrf = csrfToken(s.token);
    return page(
      reply,
      200,
      landingPage({
        directoryName: d.name,
        csrf,
        userName: s.session.userName,
        displayName: s.session.displayName,
        expireTime: s.session.expireTime,
        mfaDevices: devices.length,
        canAddDevice: s.session.authMethod === 'password',
        sections: accountsSection({
          directoryName: d.name,
          csrf,
          accounts: access.accounts.map((a) => ({
            id: a.account.id,
            displayName: a.account.displayName,
            configurations: a.configurations.map((c) => ({ id: c.id, name: c.name, description: c.description ?? null })),
          })),
          credentialsAllowed: loginPreferenceFrom(settings).allowUserToGetCredentials,
          ...(access.next ? { nextPath: `${portalPath(d.name)}?after=${encodeURIComponent(access.next)}` } : {}),
          ...(after !== undefined ? { firstPath: portalPath(d.name) } : {}),
        }),
      }),
    );
  });

  // "Get credentials" (docs/decisions/0160): the same core function and checks as POST /cloud-credentials.
  app.post('/:dir/credentials', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const s = await sessionIn(request, d);
    if (!s || s.session.stage !== 'active') return see(reply, loginPath(d));
    if (!csrfValid(s.token, field(request, 'csrf'))) return formExpired(reply, d);
    const accountId = field(request, 'AccountId').slice(0, 64);
    const accessConfigurationId = field(request, 'AccessConfigurationId').slice(0, 64);
    const csrf = csrfToken(s.token);
    const back = { href: portalPath(d.name), text: 'Back to your accounts' };
    if (accountId === '' || accessConfigurationId === '') {
      return page(reply, 400, errorPage({ title: 'Bad request', message: 'Choose an access configuration of one of your accounts.', directoryName: d.name, link: back }));
    }
    try {
      const issued = await issueUserCredentials(core, { directoryId: d.id, userId: s.session.userId, accountId, accessConfigurationId, requestId: request.id });
      const [account, ac] = await Promise.all([core.store.accounts.getAccount(accountId), core.store.access.getConfiguration(d.id, accessConfigurationId)]);
      return page(
        reply,
        200,
        credentialsPage({
          directoryName: d.name,
          csrf,
          accountId,
          accountName: account?.displayName ?? accountId,
          configurationName: ac?.name ?? accessConfigurationId,
          accessKeyId: issued.credential.id,
          accessKeySecret: issued.secret,
          securityToken: issued.securityToken,
          expiration: new Date(issued.credential.expireTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }),
      );
    } catch (err) {
      if (!(err instanceof PortalAccessRefused)) throw err;
      return page(reply, err.status, errorPage({ title: 'No credentials', message: err.message, directoryName: d.name, link: back }));
    }
  });

  // The device approval page (docs/decisions/0136): signed in, the user approves or denies a user code.
  app.get('/:dir/device', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const s = await sessionIn(request, d);
    const raw = (request.query as { user_code?: unknown }).user_code;
    if (!s || s.session.stage !== 'active') {
      // Sign in first, then back here with the code (docs/decisions/0161).
      const code = typeof raw === 'string' ? normaliseUserCode(raw) : undefined;
      const back = portalPath(d.name, `/device${code ? `?user_code=${encodeURIComponent(code)}` : ''}`);
      setNextCookie(reply, back, secureCookies(request, opts.publicUrl));
      return see(reply, s ? stagePath(d, s.session.stage) : `${loginPath(d)}?next=${encodeURIComponent(back)}`);
    }
    const userCode = typeof raw === 'string' ? (normaliseUserCode(raw) ?? '') : '';
    return page(reply, 200, devicePage({ directoryName: d.name, csrf: csrfToken(s.token), userCode, userName: s.session.userName }));
  });
  app.post('/:dir/device', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const s = await sessionIn(request, d);
    if (!s || s.session.stage !== 'active') return see(reply, loginPath(d));
    if (!csrfValid(s.token, field(request, 'csrf'))) return formExpired(reply, d);
    const decision = field(request, 'decision');
    const typed = field(request, 'user_code');
    const csrf = csrfToken(s.token);
    if (decision !== 'approve' && decision !== 'deny') {
      return page(reply, 400, devicePage({ directoryName: d.name, csrf, userCode: typed.slice(0, 16), userName: s.session.userName, error: 'Choose Approve or Deny.' }));
    }
    const done = await decideDeviceAuthorization(core, s.session, typed, decision === 'approve');
    if (!done) {
      return page(
        reply,
        400,
        devicePage({
          directoryName: d.name,
          csrf,
          userCode: typed.slice(0, 16),
          userName: s.session.userName,
          error: 'This code is not valid, has expired or was already used. Start the sign-in in your tool again.',
        }),
      );
    }
    return page(reply, 200, deviceDonePage({ directoryName: d.name, csrf, approved: decision === 'approve' }));
  });

  app.get('/:dir/login', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const s = await sessionIn(request, d);
    const rawNext = (request.query as { next?: unknown }).next;
    const next = typeof rawNext === 'string' ? safeNext(d.name, rawNext) : undefined;
    if (s?.session.stage === 'active') return see(reply, next ?? portalPath(d.name));
    // A same-portal page to return to after sign-in (password, MFA or SAML); anything else is ignored.
    if (next) setNextCookie(reply, next, secureCookies(request, opts.publicUrl));
    return renderSignIn(request, reply, d, 200);
  });

  const FAILURE_TEXT: Record<SignInFailure, { status: number; text: string }> = {
    InvalidCredentials: {
      status: 401,
      text: 'The user name or password is incorrect. After too many failed attempts a user is locked for an hour.',
    },
    UserDisabled: { status: 403, text: 'Your user is disabled. Ask your administrator to enable it.' },
    NetworkNotAllowed: { status: 403, text: 'Sign-in from your network is not allowed for this directory. Ask your administrator.' },
    PasswordSignInDisabled: { status: 403, text: 'Password sign-in is turned off: your organisation signs you in through its identity provider.' },
    Throttled: { status: 429, text: 'Too many failed sign-ins from your network. Wait a minute and try again.' },
  };

  app.post('/:dir/login', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    if (!csrfValid(readCookie(request, PRE_SESSION_COOKIE), field(request, 'csrf'))) return formExpired(reply, d);
    const userName = field(request, 'username').slice(0, 128);
    const password = field(request, 'password').slice(0, 256);
    const result = await passwordSignIn(core, { directory: d, userName, password, request: info(request), throttle: opts.throttle });
    if (!result.ok) {
      const f = FAILURE_TEXT[result.failure];
      if (result.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
      return renderSignIn(request, reply, d, f.status, { error: f.text, userName });
    }
    return completePortalSignIn(request, reply, result.started, { publicUrl: opts.publicUrl, to: stagePath(d, result.started.session.stage) });
  });

  const STEP_TEXT: Record<Exclude<StepResult & { ok: false }, never>['failure'], string> = {
    NoSession: 'Your sign-in has expired. Sign in again.',
    InvalidCode: 'The code is incorrect. Enter the code your app shows now.',
    ReusedCode: 'This code was already used. Wait for the next code and enter it.',
    Throttled: 'Too many failed attempts from your network. Wait a minute and try again.',
    DeviceQuota: 'You already have two MFA devices, the most allowed. Ask your administrator to remove one.',
    PasswordPolicy: 'The password does not meet the password policy.',
    PasswordMismatch: 'The two passwords differ.',
  };
  const stepStatus = (f: string) => (f === 'Throttled' ? 429 : f === 'DeviceQuota' ? 409 : f === 'PasswordPolicy' || f === 'PasswordMismatch' ? 400 : 401);

  /** Loads the pending step `stages` of this browser, or answers with the right redirect. */
  async function pending(request: FastifyRequest, reply: FastifyReply, stages: readonly PortalSessionStage[]) {
    const d = await directoryOf(request, reply);
    if (!d) return undefined;
    const s = await sessionIn(request, d);
    if (!s) {
      await see(reply, loginPath(d));
      return undefined;
    }
    if (!stages.includes(s.session.stage)) {
      await see(reply, stagePath(d, s.session.stage));
      return undefined;
    }
    return { d, ...s };
  }

  /** A step's POST: CSRF against the session cookie, then `run`, then on to the next step. */
  async function step(
    request: FastifyRequest,
    reply: FastifyReply,
    stages: readonly PortalSessionStage[],
    run: (token: string) => Promise<StepResult>,
    again: (d: Directory, csrf: string, error: string, status: number) => Promise<void>,
  ) {
    const p = await pending(request, reply, stages);
    if (!p) return reply;
    if (!csrfValid(p.token, field(request, 'csrf'))) return formExpired(reply, p.d);
    const r = await run(p.token);
    if (r.ok) {
      if (r.session.stage === 'active') {
        const maxAgeSeconds = Math.floor((r.session.expireTime - core.clock.now()) / 1000);
        setPortalSessionCookie(reply, { token: p.token, maxAgeSeconds }, secureCookies(request, opts.publicUrl));
      }
      return see(reply, stagePath(p.d, r.session.stage));
    }
    if (r.failure === 'NoSession') {
      clearPortalSessionCookie(reply, secureCookies(request, opts.publicUrl));
      return renderSignIn(request, reply, p.d, 401, { error: STEP_TEXT.NoSession });
    }
    await again(p.d, csrfToken(p.token), r.message ?? STEP_TEXT[r.failure], stepStatus(r.failure));
    return reply;
  }

  app.get('/:dir/mfa', async (request, reply) => {
    const p = await pending(request, reply, ['mfa-verify']);
    if (!p) return reply;
    return page(reply, 200, mfaPage({ directoryName: p.d.name, csrf: csrfToken(p.token) }));
  });
  app.post('/:dir/mfa', async (request, reply) =>
    step(
      request,
      reply,
      ['mfa-verify'],
      (token) => verifyMfaCode(core, token, field(request, 'code'), info(request), opts.throttle),
      async (d, csrf, error, status) => {
        page(reply, status, mfaPage({ directoryName: d.name, csrf, error }));
      },
    ),
  );

  async function renderBind(request: FastifyRequest, reply: FastifyReply, token: string, d: Directory, status: number, error?: string) {
    const offered = await pendingBindSecret(core, token, info(request));
    if (!offered) {
      // Signed in: a further device only after re-authentication.
      const s = await sessionIn(request, d);
      return see(reply, s?.session.stage === 'active' ? portalPath(d.name, '/mfa/add') : loginPath(d));
    }
    const uri = totpUri(offered.secret, `CloudSSO ${d.name}`, offered.session.userName);
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return page(
      reply,
      status,
      bindPage({
        directoryName: d.name,
        csrf: csrfToken(token),
        qrSvg: trusted(svg),
        secret: offered.secret,
        optional: offered.session.stage === 'mfa-bind-optional',
        ...(offered.session.stage === 'active' ? { addingTo: portalPath(d.name) } : {}),
        ...(error ? { error } : {}),
      }),
    );
  }

  app.get('/:dir/mfa/bind', async (request, reply) => {
    const p = await pending(request, reply, ['mfa-bind', 'mfa-bind-optional', 'active']);
    if (!p) return reply;
    return renderBind(request, reply, p.token, p.d, 200);
  });
  app.post('/:dir/mfa/bind', async (request, reply) => {
    const token = readCookie(request, SESSION_COOKIE) ?? '';
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const s = await sessionIn(request, d);
    // Signed in, nothing offered yet: re-authenticate first (docs/decisions/0162).
    if (s?.session.stage === 'active' && !s.session.pendingSecretSealed) return see(reply, portalPath(d.name, '/mfa/add'));
    return step(
      request,
      reply,
      ['mfa-bind', 'mfa-bind-optional', 'active'],
      (t) => bindMfaDevice(core, t, field(request, 'code'), info(request), opts.throttle),
      async (d, _csrf, error, status) => {
        await renderBind(request, reply, token, d, status, error);
      },
    );
  });
  // "Add a device" (docs/decisions/0162): the current password or a code from a bound device first.
  const REAUTH_TEXT: Record<string, { status: number; text: string }> = {
    InvalidCredentials: { status: 401, text: 'That is not your current password or a valid code. After too many failed attempts your user is locked for an hour.' },
    ReusedCode: { status: 401, text: 'This code was already used. Wait for the next code and enter it.' },
    Throttled: { status: 429, text: 'Too many failed attempts from your network. Wait a minute and try again.' },
  };
  async function addDeviceGate(request: FastifyRequest, reply: FastifyReply) {
    const p = await pending(request, reply, ['active']);
    if (!p) return undefined;
    if (p.session.authMethod !== 'password') {
      await page(
        reply,
        403,
        errorPage({
          title: 'Not available',
          message: 'You sign in through your organisation\'s identity provider, which handles multi-factor authentication: the portal has no MFA devices for you.',
          directoryName: p.d.name,
          link: { href: portalPath(p.d.name), text: 'Back to the portal' },
        }),
      );
      return undefined;
    }
    const devices = await core.store.signIn.listMfaDevices(p.d.id, p.session.userId);
    if (devices.length >= 2) {
      await page(reply, 409, errorPage({ title: 'Two devices already', message: STEP_TEXT.DeviceQuota, directoryName: p.d.name, link: { href: portalPath(p.d.name), text: 'Back to the portal' } }));
      return undefined;
    }
    return { ...p, hasDevice: devices.length > 0 };
  }
  app.get('/:dir/mfa/add', async (request, reply) => {
    const p = await addDeviceGate(request, reply);
    if (!p) return reply;
    if (p.session.pendingSecretSealed) return see(reply, portalPath(p.d.name, '/mfa/bind'));
    return page(reply, 200, reauthPage({ directoryName: p.d.name, csrf: csrfToken(p.token), hasDevice: p.hasDevice }));
  });
  app.post('/:dir/mfa/add', async (request, reply) => {
    const p = await addDeviceGate(request, reply);
    if (!p) return reply;
    if (!csrfValid(p.token, field(request, 'csrf'))) return formExpired(reply, p.d);
    const code = field(request, 'code').slice(0, 16);
    const proof = code !== '' ? { code } : { password: field(request, 'password').slice(0, 256) };
    const r = await reauthenticateToAddDevice(core, p.token, proof, info(request), opts.throttle);
    if (r.ok) return see(reply, portalPath(p.d.name, '/mfa/bind'));
    if (r.failure === 'NoSession') return see(reply, loginPath(p.d));
    const f = REAUTH_TEXT[r.failure] ?? { status: 403, text: 'Adding a device is not possible now.' };
    return page(
      reply,
      f.status,
      reauthPage({ directoryName: p.d.name, csrf: csrfToken(p.token), hasDevice: p.hasDevice, error: f.text, errorOn: code !== '' ? 'code' : 'password' }),
    );
  });

  app.post('/:dir/mfa/bind/skip', async (request, reply) =>
    step(
      request,
      reply,
      ['mfa-bind-optional'],
      (t) => skipMfaBinding(core, t, info(request)),
      async () => undefined,
    ),
  );

  const rulesOf = async (d: Directory) => {
    const policy = policyFromSettings(await core.store.directories.getSettings(d.id));
    return `${policy.minPasswordLength} to ${FIXED_PASSWORD_RULES.maxPasswordLength} characters, with an upper-case letter, a lower-case letter, a digit and a symbol${
      policy.passwordNotContainUsername ? ', not containing your user name' : ''
    }; different from your recent passwords.`;
  };

  app.get('/:dir/password', async (request, reply) => {
    const p = await pending(request, reply, ['password-change']);
    if (!p) return reply;
    return page(reply, 200, passwordChangePage({ directoryName: p.d.name, csrf: csrfToken(p.token), rules: await rulesOf(p.d) }));
  });
  app.post('/:dir/password', async (request, reply) =>
    step(
      request,
      reply,
      ['password-change'],
      (token) =>
        changeExpiredPassword(
          core,
          token,
          { newPassword: field(request, 'newPassword').slice(0, 256), confirm: field(request, 'confirmPassword').slice(0, 256) },
          info(request),
        ),
      async (d, csrf, error, status) => {
        page(reply, status, passwordChangePage({ directoryName: d.name, csrf, error, rules: await rulesOf(d) }));
      },
    ),
  );

  app.post('/:dir/logout', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    const token = readCookie(request, SESSION_COOKIE);
    if (token && !csrfValid(token, field(request, 'csrf'))) return formExpired(reply, d);
    await endPortalSession(core, token, info(request));
    clearPortalSessionCookie(reply, secureCookies(request, opts.publicUrl));
    return see(reply, portalPath(d.name, '/logout'));
  });
  app.get('/:dir/logout', async (request, reply) => {
    const d = await directoryOf(request, reply);
    if (!d) return reply;
    return page(reply, 200, signedOutPage({ directoryName: d.name }));
  });
}
