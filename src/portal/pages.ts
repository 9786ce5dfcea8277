import { html, type Html } from './html.js';
import { portalPath } from './session-cookie.js';

/**
 * The portal's pages: plain HTML forms that work without JavaScript, one column that fits a phone,
 * every field labelled, errors in a role="alert" box that the field points to
 * (aria-describedby, aria-invalid) and that takes the focus (autofocus on the field in error).
 */
export const PORTAL_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;background:#f4f5f7}
body{margin:0}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#003a8c;padding:.5rem 1rem}
.skip:focus{left:.5rem;top:.5rem;z-index:1}
header{background:#002766;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header p{margin:0;font-weight:600}
header .dir{font-weight:400;opacity:.9}
header form{margin:0}
header button{background:transparent;color:#fff;border:1px solid #fff;padding:.35rem .8rem;font-size:1rem;border-radius:4px;cursor:pointer}
main{max-width:32rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
main:focus{outline:none}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{margin:.25rem 0 0;color:#4a4a4a;font-size:.9rem}
input[type=text],input[type=password]{width:100%;font-size:1.1rem;padding:.6rem .7rem;border:1px solid #6b6b6b;border-radius:4px}
input[aria-invalid=true]{border-color:#a8071a;border-width:2px}
button.primary,button.secondary{display:block;width:100%;margin-top:1.25rem;font-size:1.1rem;padding:.7rem;border-radius:4px;cursor:pointer}
button.primary{background:#0050b3;color:#fff;border:0}
button.secondary{background:#fff;color:#0050b3;border:1px solid #0050b3}
a{color:#0050b3}
:focus-visible{outline:3px solid #ffa940;outline-offset:2px}
.error{border-left:4px solid #a8071a;background:#fff1f0;color:#5c0011;padding:.75rem 1rem;margin:0 0 1rem}
.notice{border-left:4px solid #0050b3;background:#e6f4ff;padding:.75rem 1rem;margin:0 0 1rem}
.error p,.notice p{margin:0}
.qr{display:flex;justify-content:center;margin:1rem 0}
.qr svg{width:min(240px,70vw);height:auto}
.secret{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.05rem;overflow-wrap:anywhere;background:#f4f5f7;padding:.5rem;border-radius:4px}
ol.steps{padding-left:1.25rem}
ul.accounts{list-style:none;padding:0;margin:0}
ul.accounts>li{border:1px solid #d9d9d9;border-radius:6px;padding:.75rem 1rem;margin:0 0 .75rem}
ul.accounts h3{font-size:1.05rem;margin:0}
.account-id{margin:0;color:#4a4a4a;font-size:.9rem}
ul.configs{list-style:none;padding:0;margin:.5rem 0 0}
ul.configs>li{border-top:1px solid #e8e8e8;padding:.5rem 0}
ul.configs form{margin:0}
ul.configs button.secondary{margin-top:.5rem;font-size:1rem;padding:.5rem}
.desc{margin:0;color:#4a4a4a;font-size:.9rem}
textarea.env{width:100%;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem;padding:.5rem;border:1px solid #6b6b6b;border-radius:4px;resize:vertical}
.pager{margin:1rem 0 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;word-break:break-word}
`;

export interface Layout {
  readonly title: string;
  readonly directoryName?: string;
  /** Signed in: the header offers sign-out (a CSRF-protected POST). */
  readonly signOut?: { readonly csrf: string };
  readonly body: Html;
}

export function layout(l: Layout): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${l.title} · CloudSSO user portal</title>
<link rel="stylesheet" href="/portal/_assets/portal.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p>CloudSSO user portal${l.directoryName ? html` <span class="dir">· ${l.directoryName}</span>` : ''}</p>
${
  l.signOut && l.directoryName
    ? html`<form method="post" action="${portalPath(l.directoryName, '/logout')}"><input type="hidden" name="csrf" value="${l.signOut.csrf}"><button type="submit">Sign out</button></form>`
    : ''
}
</header>
<main id="main" tabindex="-1">
${l.body}
</main>
</body>
</html>`;
}

function errorBox(message: string | undefined): Html {
  return message ? html`<div class="error" role="alert" id="form-error"><p>${message}</p></div>` : html``;
}

/** Attributes of a field the error is about: described by the box, invalid, focused. */
function invalid(error: string | undefined): Html {
  return error ? html` aria-invalid="true" aria-describedby="form-error" autofocus` : html``;
}

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

export interface SignInView {
  readonly directoryName: string;
  readonly csrf: string;
  readonly userName?: string;
  readonly error?: string;
  readonly notice?: string;
  /** SSO is on: no password form; a link to the identity provider when one is known. */
  readonly sso?: { readonly startPath?: string };
}

export function signInPage(v: SignInView): Html {
  if (v.sso) {
    return layout({
      title: 'Sign in',
      directoryName: v.directoryName,
      body: html`<h1>Sign in</h1>
${errorBox(v.error)}
<p>Your organisation signs you in through its own identity provider. Password sign-in is turned off for this directory.</p>
${v.sso.startPath ? html`<p><a href="${v.sso.startPath}">Continue to your organisation's sign-in</a></p>` : ''}`,
    });
  }
  return layout({
    title: 'Sign in',
    directoryName: v.directoryName,
    body: html`<h1>Sign in</h1>
${v.notice ? html`<div class="notice" role="status"><p>${v.notice}</p></div>` : ''}
${errorBox(v.error)}
<form method="post" action="${portalPath(v.directoryName, '/login')}" novalidate>
${csrfField(v.csrf)}
<label for="username">User name</label>
<input type="text" id="username" name="username" value="${v.userName ?? ''}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="128"${invalid(v.error)}${v.error ? '' : html` autofocus`}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required maxlength="128"${v.error ? html` aria-invalid="true" aria-describedby="form-error"` : ''}>
<button class="primary" type="submit">Sign in</button>
</form>`,
  });
}

export function mfaPage(v: { directoryName: string; csrf: string; error?: string }): Html {
  return layout({
    title: 'Verification code',
    directoryName: v.directoryName,
    body: html`<h1>Enter your verification code</h1>
${errorBox(v.error)}
<p>Open the authenticator app on your phone and enter the 6-digit code it shows for this account.</p>
<form method="post" action="${portalPath(v.directoryName, '/mfa')}" novalidate>
${csrfField(v.csrf)}
<label for="code">Verification code</label>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]*" autocomplete="one-time-code" maxlength="8" required aria-describedby="code-hint${v.error ? ' form-error' : ''}"${v.error ? html` aria-invalid="true"` : ''} autofocus>
<p class="hint" id="code-hint">6 digits; a new code appears every 30 seconds.</p>
<button class="primary" type="submit">Verify</button>
</form>`,
  });
}

export interface BindView {
  readonly directoryName: string;
  readonly csrf: string;
  readonly qrSvg: Html;
  readonly secret: string;
  readonly optional: boolean;
  /** Signed in, adding another device: the page to go back to. */
  readonly addingTo?: string;
  readonly error?: string;
}

export function bindPage(v: BindView): Html {
  const grouped = v.secret.replace(/(.{4})/g, '$1 ').trim();
  return layout({
    title: 'Set up MFA',
    directoryName: v.directoryName,
    body: html`<h1>Set up multi-factor authentication</h1>
${errorBox(v.error)}
<p>${
      v.addingTo
        ? 'Add another virtual MFA device (at most two), for example on a second phone.'
        : v.optional
          ? 'This sign-in looks unusual. We recommend adding a virtual MFA device to protect your account.'
          : 'Your directory requires a virtual MFA device. Set one up to finish signing in.'
    }</p>
<ol class="steps">
<li>Install an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP) on your phone.</li>
<li>Scan this QR code with the app, or type the key below into it.</li>
<li>Enter the 6-digit code the app then shows.</li>
</ol>
<div class="qr" role="img" aria-label="QR code of the MFA key">${v.qrSvg}</div>
<p>Key (type it if you cannot scan):</p>
<p class="secret" id="secret">${grouped}</p>
<form method="post" action="${portalPath(v.directoryName, '/mfa/bind')}" novalidate>
${csrfField(v.csrf)}
<label for="code">Verification code from the app</label>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]*" autocomplete="one-time-code" maxlength="8" required${invalid(v.error)}>
<button class="primary" type="submit">Add the device</button>
</form>
${
  v.optional
    ? html`<form method="post" action="${portalPath(v.directoryName, '/mfa/bind/skip')}">${csrfField(v.csrf)}<button class="secondary" type="submit">Skip for now</button></form>`
    : ''
}
${v.addingTo ? html`<p><a href="${v.addingTo}">Cancel</a></p>` : ''}`,
  });
}

export function passwordChangePage(v: { directoryName: string; csrf: string; error?: string; rules: string }): Html {
  return layout({
    title: 'Change your password',
    directoryName: v.directoryName,
    body: html`<h1>Change your password</h1>
${errorBox(v.error)}
<p>Your password has expired or your administrator asks you to change it. Choose a new one to finish signing in.</p>
<form method="post" action="${portalPath(v.directoryName, '/password')}" novalidate>
${csrfField(v.csrf)}
<label for="new-password">New password</label>
<input type="password" id="new-password" name="newPassword" autocomplete="new-password" required maxlength="128" aria-describedby="rules${v.error ? ' form-error' : ''}"${v.error ? html` aria-invalid="true"` : ''} autofocus>
<p class="hint" id="rules">${v.rules}</p>
<label for="confirm-password">Confirm the new password</label>
<input type="password" id="confirm-password" name="confirmPassword" autocomplete="new-password" required maxlength="128">
<button class="primary" type="submit">Change password</button>
</form>`,
  });
}

export interface LandingView {
  readonly directoryName: string;
  readonly csrf: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly expireTime: number;
  readonly mfaDevices: number;
  /** A password session may add a device (after re-authenticating); an SSO user has no portal MFA. */
  readonly canAddDevice: boolean;
  /** Further sections (accounts, access configurations) other parts add. */
  readonly sections?: Html;
}

export function landingPage(v: LandingView): Html {
  return layout({
    title: 'Home',
    directoryName: v.directoryName,
    signOut: { csrf: v.csrf },
    body: html`<h1>Welcome, ${v.displayName || v.userName}</h1>
<dl>
<dt>User name</dt><dd>${v.userName}</dd>
<dt>Directory</dt><dd>${v.directoryName}</dd>
<dt>MFA devices</dt><dd>${String(v.mfaDevices)}${v.mfaDevices < 2 && v.canAddDevice ? html` · <a href="${portalPath(v.directoryName, '/mfa/add')}">Add a device</a>` : ''}</dd>
<dt>Session ends</dt><dd><time datetime="${new Date(v.expireTime).toISOString()}">${new Date(v.expireTime).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time></dd>
</dl>
${
  v.sections ??
  html`<section aria-labelledby="accounts-heading"><h2 id="accounts-heading">Accounts</h2><p>No accounts are assigned to you yet. Ask your administrator for access.</p></section>`
}`,
  });
}

export function signedOutPage(v: { directoryName: string }): Html {
  return layout({
    title: 'Signed out',
    directoryName: v.directoryName,
    body: html`<h1>You have signed out</h1>
<div class="notice" role="status"><p>Your session has ended.</p></div>
<p><a href="${portalPath(v.directoryName, '/login')}">Sign in again</a></p>`,
  });
}

export function errorPage(v: { title: string; message: string; directoryName?: string; link?: { href: string; text: string } }): Html {
  return layout({
    title: v.title,
    ...(v.directoryName ? { directoryName: v.directoryName } : {}),
    body: html`<h1>${v.title}</h1>
<div class="error" role="alert"><p>${v.message}</p></div>
${v.link ? html`<p><a href="${v.link.href}">${v.link.text}</a></p>` : ''}`,
  });
}

/** The device approval page (docs/decisions/0136): the user compares the code with the one their tool shows. */
export function devicePage(v: { directoryName: string; csrf: string; userCode: string; userName: string; error?: string }): Html {
  return layout({
    title: 'Approve sign-in',
    directoryName: v.directoryName,
    signOut: { csrf: v.csrf },
    body: html`<h1>Sign in a command-line tool</h1>
${errorBox(v.error)}
<p>A tool asks to act as <strong>${v.userName}</strong> with the accounts assigned to you. Approve only if it shows this code:</p>
<form method="post" action="${portalPath(v.directoryName, '/device')}" novalidate>
${csrfField(v.csrf)}
<label for="user_code">Code</label>
<input type="text" id="user_code" name="user_code" value="${v.userCode}" autocomplete="off" maxlength="16" required>
<button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  });
}

export function deviceDonePage(v: { directoryName: string; csrf: string; approved: boolean }): Html {
  return layout({
    title: v.approved ? 'Sign-in approved' : 'Sign-in denied',
    directoryName: v.directoryName,
    signOut: { csrf: v.csrf },
    body: html`<h1>${v.approved ? 'Sign-in approved' : 'Sign-in denied'}</h1>
<div class="notice" role="status"><p>${v.approved ? 'You can close this page and return to your tool.' : 'The tool gets no access. You can close this page.'}</p></div>
<p><a href="${portalPath(v.directoryName)}">Back to the portal</a></p>`,
  });
}

export interface AccountsView {
  readonly directoryName: string;
  readonly csrf: string;
  readonly accounts: ReadonlyArray<{
    readonly id: string;
    readonly displayName: string;
    readonly configurations: ReadonlyArray<{ readonly id: string; readonly name: string; readonly description: string | null }>;
  }>;
  /** AllowUserToGetCredentials: the "Get credentials" buttons, or why there are none. */
  readonly credentialsAllowed: boolean;
  /** The link to the next page of accounts, if any. */
  readonly nextPath?: string;
  /** This is not the first page. */
  readonly firstPath?: string;
}

/** The landing page's accounts: each assigned account and, in it, the access configurations assigned (docs/decisions/0160). */
export function accountsSection(v: AccountsView): Html {
  const heading = html`<h2 id="accounts-heading">Accounts</h2>`;
  if (v.accounts.length === 0 && !v.firstPath) {
    return html`<section aria-labelledby="accounts-heading">${heading}<p>No accounts are assigned to you yet. Ask your administrator for access.</p></section>`;
  }
  return html`<section aria-labelledby="accounts-heading">${heading}
${
  v.credentialsAllowed
    ? ''
    : html`<div class="notice" role="note"><p>Getting access credentials in the portal is turned off for this directory (the login preference AllowUserToGetCredentials). Ask your administrator if you need them.</p></div>`
}
<ul class="accounts">
${v.accounts.map(
  (a) => html`<li>
<h3>${a.displayName}</h3>
<p class="account-id">Account ID ${a.id}</p>
<ul class="configs" aria-label="Access configurations in ${a.displayName}">
${a.configurations.map(
  (c) => html`<li>
<p><strong>${c.name}</strong></p>
${c.description ? html`<p class="desc">${c.description}</p>` : ''}
${
  v.credentialsAllowed
    ? html`<form method="post" action="${portalPath(v.directoryName, '/credentials')}">${csrfField(v.csrf)}<input type="hidden" name="AccountId" value="${a.id}"><input type="hidden" name="AccessConfigurationId" value="${c.id}"><button class="secondary" type="submit" aria-label="Get credentials for ${c.name} in ${a.displayName}">Get credentials</button></form>`
    : ''
}
</li>`,
)}
</ul>
</li>`,
)}
</ul>
${v.nextPath || v.firstPath ? html`<p class="pager">${v.firstPath ? html`<a href="${v.firstPath}">First accounts</a>` : ''}${v.nextPath && v.firstPath ? ' · ' : ''}${v.nextPath ? html`<a href="${v.nextPath}">More accounts</a>` : ''}</p>` : ''}
</section>`;
}

export interface CredentialsView {
  readonly directoryName: string;
  readonly csrf: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly configurationName: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  /** ISO 8601, seconds, UTC. */
  readonly expiration: string;
}

const posixQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const powershellQuote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** The lines that put credentials into the Alibaba credential chain's environment variables. */
export function envLines(c: { accessKeyId: string; accessKeySecret: string; securityToken: string }): { posix: string; powershell: string } {
  const vars: Array<[string, string]> = [
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', c.accessKeyId],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', c.accessKeySecret],
    ['ALIBABA_CLOUD_SECURITY_TOKEN', c.securityToken],
  ];
  return {
    posix: vars.map(([k, v]) => `export ${k}=${posixQuote(v)}`).join('\n'),
    powershell: vars.map(([k, v]) => `$env:${k} = ${powershellQuote(v)}`).join('\n'),
  };
}

/** Temporary credentials, shown once (the response is no-store; nothing of them is in a URL). */
export function credentialsPage(v: CredentialsView): Html {
  const env = envLines(v);
  const expires = v.expiration.replace('T', ' ').replace('Z', ' UTC');
  return layout({
    title: 'Access credentials',
    directoryName: v.directoryName,
    signOut: { csrf: v.csrf },
    body: html`<h1>Access credentials</h1>
<div class="notice" role="status"><p>Temporary credentials for <strong>${v.configurationName}</strong> in <strong>${v.accountName}</strong> (${v.accountId}), valid until <time datetime="${v.expiration}">${expires}</time>. They are shown only now: copy them before leaving this page.</p></div>
<dl>
<dt>AccessKeyId</dt><dd class="secret" id="access-key-id">${v.accessKeyId}</dd>
<dt>AccessKeySecret</dt><dd class="secret" id="access-key-secret">${v.accessKeySecret}</dd>
<dt>SecurityToken</dt><dd class="secret" id="security-token">${v.securityToken}</dd>
<dt>Expiration</dt><dd id="expiration">${v.expiration}</dd>
</dl>
<h2>Environment variables</h2>
<p>Alibaba Cloud's CLI and SDKs read these variables (the default credential chain).</p>
<label for="env-posix">Linux and macOS (bash, zsh)</label>
<textarea class="env" id="env-posix" rows="4" readonly spellcheck="false" autocomplete="off">${env.posix}</textarea>
<label for="env-powershell">Windows PowerShell</label>
<textarea class="env" id="env-powershell" rows="4" readonly spellcheck="false" autocomplete="off">${env.powershell}</textarea>
<p><a href="${portalPath(v.directoryName)}">Back to your accounts</a></p>`,
  });
}

/** Before a further MFA device: the current password, or a code from a bound device (docs/decisions/0162). */
export function reauthPage(v: { directoryName: string; csrf: string; hasDevice: boolean; error?: string; errorOn?: 'password' | 'code' }): Html {
  const on = (f: 'password' | 'code') => (v.error && (v.errorOn ?? 'password') === f ? html` aria-invalid="true" aria-describedby="form-error" autofocus` : html``);
  return layout({
    title: 'Confirm it is you',
    directoryName: v.directoryName,
    signOut: { csrf: v.csrf },
    body: html`<h1>Confirm it is you</h1>
${errorBox(v.error)}
<p>Before you add another MFA device, confirm your identity${v.hasDevice ? ' with your current password or a code from the device you already use' : ' with your current password'}.</p>
<form method="post" action="${portalPath(v.directoryName, '/mfa/add')}" novalidate>
${csrfField(v.csrf)}
<label for="current-password">Current password</label>
<input type="password" id="current-password" name="password" autocomplete="current-password" required maxlength="128"${on('password')}>
<button class="primary" type="submit">Continue</button>
</form>
${
  v.hasDevice
    ? html`<h2>Or use your MFA device</h2>
<form method="post" action="${portalPath(v.directoryName, '/mfa/add')}" novalidate>
${csrfField(v.csrf)}
<label for="current-code">Code from your current device</label>
<input type="text" id="current-code" name="code" inputmode="numeric" pattern="[0-9]*" autocomplete="one-time-code" maxlength="8" required${on('code')}>
<button class="secondary" type="submit">Continue with the code</button>
</form>`
    : ''
}
<p><a href="${portalPath(v.directoryName)}">Cancel</a></p>`,
  });
}
