import { Button, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, callApi } from '../api/client';
import type { Acs3Credentials } from '../api/signer';
import { ErrorAlert } from '../components/common';
import { m } from '../messages';

interface Values {
  accessKeyId: string;
  accessKeySecret: string;
  remember?: boolean;
}

/**
 * Checks the key with one signed call before keeping it. A RAM user that may not list
 * directories still signs correctly: NoPermission means the key is good.
 */
export function SignIn({ onSignIn }: { onSignIn: (creds: Acs3Credentials, remember: boolean) => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    const creds = { accessKeyId: v.accessKeyId.trim(), accessKeySecret: v.accessKeySecret.trim() };
    setBusy(true);
    setError(undefined);
    try {
      await callApi(creds, 'cloudsso', 'ListDirectories');
      onSignIn(creds, v.remember === true);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NoPermission') onSignIn(creds, v.remember === true);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in" id="main">
      {/* A plain box rather than antd Card, which would bring Tabs into the first chunk. */}
      <div className="sign-in-card">
        <Typography.Title level={1} className="page-title">
          {m.signIn.title}
        </Typography.Title>
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
          <Form.Item name="remember" valuePropName="checked">
            <Checkbox>{m.signIn.remember}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            {busy ? m.signIn.checking : m.signIn.submit}
          </Button>
        </Form>
      </div>
    </main>
  );
}
