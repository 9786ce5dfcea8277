import { Alert, Button, Checkbox, Form, Input, Radio, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { ErrorAlert, Loading } from '../components/common';
import { m } from '../messages';
import { checkCredentials, type OnSignIn } from './sign-in-check';

interface Values {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  remember?: boolean;
}

/** The device flow is a chunk of its own, fetched when "CloudSSO user" is chosen. */
const UserSignIn = lazy(() => import('./UserSignIn').then((p) => ({ default: p.UserSignIn })));

/**
 * Sign-in: with an AccessKey (root or RAM user; or pasted STS credentials with their
 * SecurityToken), or as a CloudSSO user through the portal's device flow (./UserSignIn.tsx).
 */
export function SignIn({ onSignIn, notice }: { onSignIn: OnSignIn; notice?: string | undefined }) {
  const [method, setMethod] = useState<'key' | 'user'>('key');
  return (
    <main className="sign-in" id="main">
      {/* A plain box rather than antd Card, which would bring Tabs into the first chunk. */}
      <div className="sign-in-card">
        <Typography.Title level={1} className="page-title">
          {m.signIn.title}
        </Typography.Title>
        {notice !== undefined && <Alert type="warning" showIcon role="alert" title={notice} style={{ marginBottom: 16 }} />}
        <Radio.Group
          aria-label={m.signIn.method}
          optionType="button"
          buttonStyle="solid"
          value={method}
          onChange={(e) => setMethod(e.target.value as 'key' | 'user')}
          options={[
            { value: 'key', label: m.signIn.withAccessKey },
            { value: 'user', label: m.signIn.asUser },
          ]}
          style={{ marginBottom: 16 }}
        />
        {method === 'key' ? (
          <AccessKeySignIn onSignIn={onSignIn} />
        ) : (
          <Suspense fallback={<Loading />}>
            <UserSignIn onSignIn={onSignIn} />
          </Suspense>
        )}
      </div>
    </main>
  );
}

function AccessKeySignIn({ onSignIn }: { onSignIn: OnSignIn }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    const token = v.securityToken?.trim();
    const creds = { accessKeyId: v.accessKeyId.trim(), accessKeySecret: v.accessKeySecret.trim(), ...(token ? { securityToken: token } : {}) };
    setBusy(true);
    setError(undefined);
    try {
      await checkCredentials(creds);
      onSignIn(creds, v.remember === true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
        <Typography.Paragraph type="secondary">{m.signIn.intro}</Typography.Paragraph>
        {error !== undefined && (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert title={m.signIn.failed} error={error} />
          </div>
        )}
        <Form<Values> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="accessKeyId"
            label={m.signIn.accessKeyId}
            rules={[{ required: true, whitespace: true, message: m.signIn.required(m.signIn.accessKeyId) }]}
          >
            <Input autoComplete="username" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="accessKeySecret"
            label={m.signIn.accessKeySecret}
            rules={[{ required: true, whitespace: true, message: m.signIn.required(m.signIn.accessKeySecret) }]}
          >
            <Input.Password autoComplete="current-password" spellCheck={false} />
          </Form.Item>
          <Form.Item name="securityToken" label={m.signIn.securityToken} extra={m.signIn.securityTokenHelp}>
            <Input.TextArea autoComplete="off" spellCheck={false} autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
          <Form.Item name="remember" valuePropName="checked">
            <Checkbox>{m.signIn.remember}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            {busy ? m.signIn.checking : m.signIn.submit}
          </Button>
        </Form>
    </>
  );
}
