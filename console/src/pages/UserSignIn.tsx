import { Button, Form, Input, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { directoryNameOf } from '../api/device-helpers';
import {
  getCloudCredentials,
  listAccessConfigurations,
  listAccounts,
  startDeviceAuthorization,
  waitForToken,
  type DeviceAuthorization,
  type PortalAccessConfiguration,
  type PortalAccount,
} from '../api/portal';
import { ErrorAlert } from '../components/common';
import { m } from '../messages';
import { checkCredentials, type OnSignIn } from './sign-in-check';

type Step =
  | { readonly kind: 'portal' }
  | { readonly kind: 'approve'; readonly started: DeviceAuthorization }
  | { readonly kind: 'choose'; readonly token: string; readonly accounts: readonly PortalAccount[] };

/**
 * "Sign in as a CloudSSO user" (docs/decisions/0170): the device flow through the portal API, as
 * the CLI runs it; the user approves the code in their portal in another tab; then the user's
 * accounts and access configurations, and STS credentials for the chosen one. The portal's access
 * token stays in this component's memory and is dropped once the credentials are issued; the STS
 * credentials are kept in sessionStorage with their expiry.
 */
export function UserSignIn({ onSignIn }: { onSignIn: OnSignIn }) {
  const [step, setStep] = useState<Step>({ kind: 'portal' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const start = async ({ portal }: { portal: string }) => {
    const name = directoryNameOf(portal, location.origin);
    if (name === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const started = await startDeviceAuthorization(name);
      setStep({ kind: 'approve', started });
      // Still within the click's user activation: browsers let this open the portal's tab.
      window.open(started.approvalUrl, '_blank', 'noopener');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Poll /token while the code is shown; stop when the step changes or the form goes away.
  useEffect(() => {
    if (step.kind !== 'approve') return;
    const abort = new AbortController();
    void (async () => {
      try {
        const token = await waitForToken(step.started, abort.signal);
        const accounts = await listAccounts(token);
        if (!abort.signal.aborted) setStep({ kind: 'choose', token, accounts });
      } catch (e) {
        if (abort.signal.aborted) return;
        setError(e);
        setStep({ kind: 'portal' });
      }
    })();
    return () => abort.abort();
  }, [step]);

  return (
    <>
      <Typography.Paragraph type="secondary">{m.signIn.userIntro}</Typography.Paragraph>
      {error !== undefined && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert title={m.signIn.failed} error={error} />
        </div>
      )}
      {step.kind === 'portal' && (
        <Form<{ portal: string }> layout="vertical" onFinish={(v) => void start(v)} requiredMark={false}>
          <Form.Item
            name="portal"
            label={m.signIn.portal}
            extra={m.signIn.portalHelp}
            rules={[{ validator: async (_r, v: string | undefined) => (directoryNameOf(v ?? '', location.origin) === undefined ? Promise.reject(new Error(m.signIn.portalInvalid)) : undefined) }]}
          >
            <Input spellCheck={false} autoComplete="url" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            {busy ? m.signIn.starting : m.signIn.startDevice}
          </Button>
        </Form>
      )}
      {step.kind === 'approve' && (
        <div className="device-step">
          <Typography.Paragraph>{m.signIn.approveSteps}</Typography.Paragraph>
          <p className="device-code">
            <span className="device-code-label">{m.signIn.userCode}</span>
            <output aria-label={m.signIn.userCode}>{step.started.userCode}</output>
          </p>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button type="primary" href={step.started.approvalUrl} target="_blank" rel="noopener noreferrer" block>
              {m.signIn.openApproval}
            </Button>
            <div role="status" className="device-waiting">
              <Spin size="small" /> {m.signIn.waiting}
            </div>
            <Button onClick={() => setStep({ kind: 'portal' })} block>
              {m.signIn.cancel}
            </Button>
          </Space>
        </div>
      )}
      {step.kind === 'choose' && <ChooseAccess token={step.token} accounts={step.accounts} onSignIn={onSignIn} onRestart={() => setStep({ kind: 'portal' })} />}
    </>
  );
}

function ChooseAccess({
  token,
  accounts,
  onSignIn,
  onRestart,
}: {
  token: string;
  accounts: readonly PortalAccount[];
  onSignIn: OnSignIn;
  onRestart: () => void;
}) {
  const [accountId, setAccountId] = useState<string | undefined>(accounts[0]?.AccountId);
  const [configurations, setConfigurations] = useState<readonly PortalAccessConfiguration[]>();
  const [configurationId, setConfigurationId] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (accountId === undefined) return;
    let current = true;
    setConfigurations(undefined);
    setConfigurationId(undefined);
    listAccessConfigurations(token, accountId).then(
      (list) => {
        if (!current) return;
        setConfigurations(list);
        setConfigurationId(list[0]?.AccessConfigurationId);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [token, accountId]);

  const accountLabel = (a: PortalAccount) => `${a.DisplayName} (${a.AccountId})`;
  const submit = async () => {
    const account = accounts.find((a) => a.AccountId === accountId);
    const configuration = configurations?.find((c) => c.AccessConfigurationId === configurationId);
    if (!account || !configuration) return;
    setBusy(true);
    setError(undefined);
    try {
      const c = await getCloudCredentials(token, account.AccountId, configuration.AccessConfigurationId);
      const expiration = Date.parse(c.Expiration);
      const creds = {
        accessKeyId: c.AccessKeyId,
        accessKeySecret: c.AccessKeySecret,
        securityToken: c.SecurityToken,
        ...(Number.isFinite(expiration) ? { expiration } : {}),
        label: m.signIn.userLabel(accountLabel(account), configuration.AccessConfigurationName),
      };
      await checkCredentials(creds);
      onSignIn(creds, true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  if (accounts.length === 0) {
    return (
      <>
        <Typography.Paragraph role="alert">{m.signIn.noAccounts}</Typography.Paragraph>
        <Button onClick={onRestart} block>
          {m.signIn.cancel}
        </Button>
      </>
    );
  }
  return (
    <Form layout="vertical" onFinish={() => void submit()} requiredMark={false}>
      <Typography.Paragraph role="status">{m.signIn.approved}</Typography.Paragraph>
      {error !== undefined && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert title={m.signIn.failed} error={error} />
        </div>
      )}
      <Form.Item label={m.signIn.account} htmlFor="sign-in-account">
        <Select
          id="sign-in-account"
          value={accountId}
          onChange={setAccountId}
          options={accounts.map((a) => ({ value: a.AccountId, label: accountLabel(a) }))}
        />
      </Form.Item>
      <Form.Item label={m.signIn.configuration} htmlFor="sign-in-configuration">
        {configurations === undefined ? (
          <Spin size="small" />
        ) : configurations.length === 0 ? (
          <Typography.Text>{m.signIn.noConfigurations}</Typography.Text>
        ) : (
          <Select
            id="sign-in-configuration"
            value={configurationId}
            onChange={setConfigurationId}
            options={configurations.map((c) => ({
              value: c.AccessConfigurationId,
              label: c.AccessConfigurationDescription ? `${c.AccessConfigurationName} (${c.AccessConfigurationDescription})` : c.AccessConfigurationName,
            }))}
          />
        )}
      </Form.Item>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button type="primary" htmlType="submit" loading={busy} disabled={configurationId === undefined} block>
          {busy ? m.signIn.gettingCredentials : m.signIn.getCredentials}
        </Button>
        <Button onClick={onRestart} block>
          {m.signIn.cancel}
        </Button>
      </Space>
    </Form>
  );
}
