import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CopyField, ErrorAlert, PageHeader, QueryView, useConfirm, useNotifyError, useNotifySuccess } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import {
  PASSWORD_RANGES,
  certificateProblem,
  differentCharsProblem,
  fromBase64,
  MAX_METADATA_BYTES,
  networkMaskEntries,
  networkMasksParam,
  networkMasksProblem,
  passwordFieldProblem,
  textProblem,
  toBase64,
  urlProblem,
  type PasswordField,
} from '../validate';

const t = m.signInSettings;

/** Sign-in settings of the directory: MFA, login preference, password policy, SAML IdP and SP. */
export function SignInSettingsPage() {
  return (
    <section>
      <PageHeader title={t.title} intro={t.intro} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <MfaCard />
        <LoginPreferenceCard />
        <PasswordPolicyCard />
        <IdpCard />
        <SpCard />
      </Space>
    </section>
  );
}

function CardTitle({ id, children }: { id: string; children: string }) {
  return (
    <h2 className="card-title" id={id}>
      {children}
    </h2>
  );
}

/** A labelled switch with its state in words, as the overview's SCIM switch. */
function LabelledSwitch({
  id,
  label,
  checked,
  busy,
  onChange,
  state,
}: {
  id: string;
  label: string;
  checked: boolean;
  busy: boolean;
  onChange: (on: boolean) => void;
  state: string;
}) {
  return (
    <div className="sync-row" style={{ marginTop: 0, marginBottom: 16 }}>
      <Switch id={id} checked={checked} loading={busy} onChange={onChange} aria-describedby={`${id}-state`} />
      <label htmlFor={id} className="sync-label">
        {label}
      </label>
      <Typography.Paragraph id={`${id}-state`} type="secondary" style={{ margin: 0, width: '100%' }}>
        {state}
      </Typography.Paragraph>
    </div>
  );
}

// ---- MFA -------------------------------------------------------------------------------------

interface MfaInfo {
  MfaAuthenticationAdvanceSettings: string;
  OperationForRiskLogin?: string;
  AllowedVerificationTypes: string[];
}

interface MfaValues {
  mode: string;
  operation: string;
  types: string[];
}

function MfaCard() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const confirmThen = useConfirm();
  const notifySuccess = useNotifySuccess();
  const status = useQuery({
    queryKey: ['mfa-status', directoryId],
    queryFn: () => call<{ MFAAuthenticationStatus: string }>('cloudsso', 'GetMFAAuthenticationStatus', { DirectoryId: directoryId }),
  });
  const info = useQuery({
    queryKey: ['mfa-settings', directoryId],
    queryFn: () =>
      call<{ MFAAuthenticationSettingInfo: MfaInfo }>('cloudsso', 'GetMFAAuthenticationSettingInfo', { DirectoryId: directoryId }),
  });
  // Both views of the one stored mode are read again before the change is announced.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['mfa-status', directoryId] }),
      queryClient.invalidateQueries({ queryKey: ['mfa-settings', directoryId] }),
    ]);
  const setStatus = useMutation({
    mutationFn: (on: boolean) =>
      call('cloudsso', 'SetMFAAuthenticationStatus', { DirectoryId: directoryId, MFAAuthenticationStatus: on ? 'Enabled' : 'Disabled' }),
    onSuccess: async (_r, on) => {
      await refresh();
      notifySuccess(on ? t.mfaTurnedOn : t.mfaTurnedOff);
    },
    onError: notifyError,
  });
  const on = status.data?.MFAAuthenticationStatus === 'Enabled';
  return (
    <Card title={<CardTitle id="mfa-title">{t.mfa}</CardTitle>}>
      <QueryView query={status}>
        {() => (
          <LabelledSwitch
            id="mfa-status"
            label={t.mfaSwitch}
            checked={on}
            busy={setStatus.isPending}
            state={on ? t.mfaOn : t.mfaOff}
            onChange={(next) => (next ? setStatus.mutate(true) : confirmThen(t.mfaConfirmOff, m.common.disable, () => setStatus.mutateAsync(false)))}
          />
        )}
      </QueryView>
      {on && (
        <QueryView query={info}>
          {(d) => <MfaForm key={JSON.stringify(d)} current={d.MFAAuthenticationSettingInfo} onSaved={refresh} />}
        </QueryView>
      )}
    </Card>
  );
}

/** The mode, risky-login operation and methods (UpdateMFAAuthenticationSettings); remounted when the stored settings change. */
function MfaForm({ current, onSaved }: { current: MfaInfo; onSaved: () => Promise<unknown> }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<MfaValues>();
  const save = useMutation({
    mutationFn: (v: MfaValues) =>
      call('cloudsso', 'UpdateMFAAuthenticationSettings', {
        DirectoryId: directoryId,
        MFAAuthenticationSettings: v.mode,
        ...(v.mode === 'Byuser' || v.mode === 'OnlyRiskyLogin' ? { OperationForRiskLogin: v.operation } : {}),
        AllowedVerificationTypes: v.types,
      }),
    onSuccess: async () => {
      await onSaved();
      notifySuccess(t.mfaSaved);
    },
  });
  const mode = Form.useWatch('mode', form);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => save.mutate(v)}
      aria-labelledby="mfa-title"
      initialValues={{
        mode: current.MfaAuthenticationAdvanceSettings === 'Disabled' ? 'Enabled' : current.MfaAuthenticationAdvanceSettings,
        operation: current.OperationForRiskLogin ?? 'Autonomous',
        types: current.AllowedVerificationTypes,
      }}
    >
      {save.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={save.error} />
        </div>
      )}
      <Form.Item name="mode" label={t.mfaMode}>
        <Radio.Group>
          <Space orientation="vertical">
            {['Enabled', 'Byuser', 'OnlyRiskyLogin'].map((v) => (
              <Radio key={v} value={v}>
                {t.modes[v]}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      {(mode === 'Byuser' || mode === 'OnlyRiskyLogin') && (
        <Form.Item name="operation" label={t.riskOperation}>
          <Radio.Group>
            <Space orientation="vertical">
              {['Autonomous', 'EnforceVerify'].map((v) => (
                <Radio key={v} value={v}>
                  {t.riskOperations[v]}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      )}
      <Form.Item
        name="types"
        label={t.verificationTypes}
        rules={[{ validator: (_r, v: string[] | undefined) => (v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t.verificationTypesRequired))) }]}
      >
        <Checkbox.Group options={['TOTP', 'WebAuthn'].map((v) => ({ value: v, label: t.verificationTypeNames[v] }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {m.common.save}
      </Button>
    </Form>
  );
}

// ---- Login preference --------------------------------------------------------------------------

interface LoginPreference {
  AllowUserToGetCredentials: boolean;
  LoginNetworkMasks: string;
}

function LoginPreferenceCard() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<{ allow: boolean; masks: string }>();
  const pref = useQuery({
    queryKey: ['login-preference', directoryId],
    queryFn: () => call<{ LoginPreference: LoginPreference }>('cloudsso', 'GetLoginPreference', { DirectoryId: directoryId }),
  });
  const save = useMutation({
    mutationFn: (v: { allow: boolean; masks: string }) =>
      call('cloudsso', 'SetLoginPreference', {
        DirectoryId: directoryId,
        AllowUserToGetCredentials: v.allow,
        LoginNetworkMasks: networkMasksParam(v.masks ?? ''),
      }),
    onSuccess: () => {
      notifySuccess(t.loginPreferenceSaved);
      void queryClient.invalidateQueries({ queryKey: ['login-preference', directoryId] });
    },
  });
  const current = pref.data?.LoginPreference;
  useEffect(() => {
    if (current) form.setFieldsValue({ allow: current.AllowUserToGetCredentials, masks: networkMaskEntries(current.LoginNetworkMasks).join('\n') });
  }, [current, form]);
  return (
    <Card title={<CardTitle id="login-preference-title">{t.loginPreference}</CardTitle>}>
      <QueryView query={pref}>
        {() => (
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} aria-labelledby="login-preference-title">
            {save.isError && (
              <div style={{ marginBottom: 16 }}>
                <ErrorAlert error={save.error} />
              </div>
            )}
            <Form.Item name="allow" valuePropName="checked">
              <Checkbox>{t.allowCredentials}</Checkbox>
            </Form.Item>
            <Form.Item
              name="masks"
              label={t.networkMasks}
              extra={t.networkMasksHelp}
              rules={[{ validator: (_r, v: string | undefined) => { const p = networkMasksProblem(v ?? ''); return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}
            >
              <Input.TextArea rows={3} placeholder={t.anyNetwork} className="json-editor" spellCheck={false} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {m.common.save}
            </Button>
          </Form>
        )}
      </QueryView>
    </Card>
  );
}

// ---- Password policy ---------------------------------------------------------------------------

interface PasswordPolicy extends Record<PasswordField, number> {
  PasswordNotContainUsername: boolean;
  MaxPasswordLength: number;
}

const PASSWORD_FIELDS: { name: PasswordField; label: string }[] = [
  { name: 'MinPasswordLength', label: t.minPasswordLength },
  { name: 'MinPasswordDifferentChars', label: t.minPasswordDifferentChars },
  { name: 'MaxPasswordAge', label: t.maxPasswordAge },
  { name: 'PasswordReusePrevention', label: t.passwordReusePrevention },
  { name: 'MaxLoginAttempts', label: t.maxLoginAttempts },
];

function PasswordPolicyCard() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<PasswordPolicy>();
  const policy = useQuery({
    queryKey: ['password-policy', directoryId],
    queryFn: () => call<{ PasswordPolicy: PasswordPolicy }>('cloudsso', 'GetPasswordPolicy', { DirectoryId: directoryId }),
  });
  const save = useMutation({
    mutationFn: (v: PasswordPolicy) =>
      call('cloudsso', 'SetPasswordPolicy', {
        DirectoryId: directoryId,
        ...Object.fromEntries(PASSWORD_FIELDS.map((f) => [f.name, v[f.name]])),
        PasswordNotContainUsername: v.PasswordNotContainUsername,
      }),
    onSuccess: () => {
      notifySuccess(t.passwordPolicySaved);
      void queryClient.invalidateQueries({ queryKey: ['password-policy', directoryId] });
    },
  });
  const current = policy.data?.PasswordPolicy;
  useEffect(() => {
    if (current) form.setFieldsValue(current);
  }, [current, form]);
  return (
    <Card title={<CardTitle id="password-policy-title">{t.passwordPolicy}</CardTitle>}>
      <QueryView query={policy}>
        {(d) => (
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} aria-labelledby="password-policy-title">
            {save.isError && (
              <div style={{ marginBottom: 16 }}>
                <ErrorAlert error={save.error} />
              </div>
            )}
            <Typography.Paragraph type="secondary">{t.fixedRules(d.PasswordPolicy.MaxPasswordLength)}</Typography.Paragraph>
            <div className="settings-grid">
              {PASSWORD_FIELDS.map((f) => (
                <Form.Item
                  key={f.name}
                  name={f.name}
                  label={f.label}
                  dependencies={f.name === 'MinPasswordDifferentChars' ? ['MinPasswordLength'] : []}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: (_r, v: unknown) => {
                        const problem =
                          passwordFieldProblem(f.name, v) ??
                          (f.name === 'MinPasswordDifferentChars' ? differentCharsProblem(v as number, getFieldValue('MinPasswordLength') as number) : undefined);
                        return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <InputNumber min={PASSWORD_RANGES[f.name].min} max={PASSWORD_RANGES[f.name].max} precision={0} style={{ width: 140 }} />
                </Form.Item>
              ))}
            </div>
            <Form.Item name="PasswordNotContainUsername" valuePropName="checked">
              <Checkbox>{t.passwordNotContainUsername}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {m.common.save}
            </Button>
          </Form>
        )}
      </QueryView>
    </Card>
  );
}

// ---- SAML identity provider --------------------------------------------------------------------

interface IdpConfiguration {
  DirectoryId: string;
  EncodedMetadataDocument: string;
  EntityId: string;
  LoginUrl: string;
  CertificateIds: string[];
  WantRequestSigned: boolean;
  BindingType: string;
  SSOStatus: string;
  CreateTime: string;
  UpdateTime: string;
}

interface IdpCertificate {
  CertificateId: string;
  Issuer: string;
  Subject: string;
  SerialNumber: string;
  NotBefore: string;
  NotAfter: string;
}

/** What SSO still lacks, named as the server names it. */
export function ssoMissing(c: IdpConfiguration): string[] {
  return [!c.EntityId && 'EntityId', !c.LoginUrl && 'LoginUrl', c.CertificateIds.length === 0 && 'a certificate'].filter((x): x is string => !!x);
}

function IdpCard() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const confirmThen = useConfirm();
  const notifySuccess = useNotifySuccess();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const idp = useQuery({
    queryKey: ['saml-idp', directoryId],
    queryFn: () =>
      call<{ SAMLIdentityProviderConfiguration: IdpConfiguration }>('cloudsso', 'GetExternalSAMLIdentityProvider', { DirectoryId: directoryId }),
  });
  const certificates = useQuery({
    queryKey: ['saml-idp-certificates', directoryId],
    queryFn: () =>
      call<{ SAMLIdPCertificates: IdpCertificate[] }>('cloudsso', 'ListExternalSAMLIdPCertificates', { DirectoryId: directoryId }),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['saml-idp', directoryId] });
    void queryClient.invalidateQueries({ queryKey: ['saml-idp-certificates', directoryId] });
  };
  const setSso = useMutation({
    mutationFn: (status: 'Enabled' | 'Disabled') => call('cloudsso', 'SetExternalSAMLIdentityProvider', { DirectoryId: directoryId, SSOStatus: status }),
    onSuccess: (_r, status) => {
      notifySuccess(t.ssoChanged(status));
      refresh();
    },
    onError: notifyError,
  });
  const clear = useMutation({
    mutationFn: () => call('cloudsso', 'ClearExternalSAMLIdentityProvider', { DirectoryId: directoryId }),
    onSuccess: () => {
      notifySuccess(t.idpCleared);
      refresh();
    },
    onError: notifyError,
  });
  const removeCertificate = useMutation({
    mutationFn: (id: string) => call('cloudsso', 'RemoveExternalSAMLIdPCertificate', { DirectoryId: directoryId, CertificateId: id }),
    onSuccess: () => {
      notifySuccess(t.certificateRemoved);
      refresh();
    },
    onError: notifyError,
  });
  return (
    <Card title={<CardTitle id="idp-title">{t.idp}</CardTitle>}>
      <Typography.Paragraph type="secondary">{t.idpIntro}</Typography.Paragraph>
      <QueryView query={idp}>
        {({ SAMLIdentityProviderConfiguration: c }) => {
          const configured = c.CreateTime !== '';
          const on = c.SSOStatus === 'Enabled';
          const missing = ssoMissing(c);
          const onToggle = (next: boolean) => {
            if (!next) confirmThen(t.ssoConfirmOff, m.common.disable, () => setSso.mutateAsync('Disabled'));
            else if (missing.length > 0) notifyError(new Error(t.ssoIncomplete(missing.join(', '))));
            else confirmThen(t.ssoConfirmOn, m.common.enable, () => setSso.mutateAsync('Enabled'));
          };
          return (
            <>
              <LabelledSwitch id="sso-status" label={t.ssoSwitch} checked={on} busy={setSso.isPending} state={on ? t.ssoOn : t.ssoOff} onChange={onToggle} />
              {configured ? (
                <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
                  <Descriptions.Item label={t.entityId}>{c.EntityId || m.common.none}</Descriptions.Item>
                  <Descriptions.Item label={t.loginUrl}>{c.LoginUrl || m.common.none}</Descriptions.Item>
                  <Descriptions.Item label={t.bindingType}>{t.bindings[c.BindingType] ?? c.BindingType}</Descriptions.Item>
                  <Descriptions.Item label={t.wantRequestSigned}>{c.WantRequestSigned ? m.common.yes : m.common.no}</Descriptions.Item>
                  <Descriptions.Item label={t.updated}>{c.UpdateTime}</Descriptions.Item>
                </Descriptions>
              ) : (
                <Alert type="info" showIcon title={t.idpNone} style={{ marginBottom: 16 }} />
              )}
              <Space wrap style={{ marginBottom: 24 }}>
                <Button type="primary" onClick={() => setEditing(true)}>
                  {configured ? t.editIdp : t.configure}
                </Button>
                {configured && (
                  <Popconfirm
                    placement="bottom"
                    title={t.confirmClear}
                    okText={m.common.remove}
                    okButtonProps={{ danger: true }}
                    cancelText={m.common.cancel}
                    onConfirm={() => clear.mutateAsync().catch(() => undefined)}
                  >
                    <Button danger>{t.clearIdp}</Button>
                  </Popconfirm>
                )}
              </Space>
              {editing && <IdpModal current={configured ? c : undefined} onClose={() => setEditing(false)} onSaved={refresh} />}
            </>
          );
        }}
      </QueryView>
      <Typography.Title level={3} className="subsection-title">
        {t.certificates}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t.certificatesHelp}</Typography.Paragraph>
      <QueryView query={certificates} isEmpty={(d) => d.SAMLIdPCertificates.length === 0} empty={t.certificatesEmpty}>
        {(d) => (
          <Table<IdpCertificate>
            rowKey="CertificateId"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={d.SAMLIdPCertificates}
            columns={[
              { title: t.subject, dataIndex: 'Subject' },
              { title: t.issuer, dataIndex: 'Issuer', responsive: ['md'] },
              { title: t.notAfter, dataIndex: 'NotAfter' },
              { title: t.certificateId, dataIndex: 'CertificateId', responsive: ['lg'] },
              {
                title: m.common.actions,
                key: 'actions',
                render: (_: unknown, cert) => (
                  <Popconfirm
                    placement="bottom"
                    title={t.confirmRemoveCertificate(cert.CertificateId)}
                    okText={m.common.remove}
                    okButtonProps={{ danger: true }}
                    cancelText={m.common.cancel}
                    onConfirm={() => removeCertificate.mutateAsync(cert.CertificateId).catch(() => undefined)}
                  >
                    <Button danger aria-label={`${m.common.remove} ${cert.CertificateId}`}>
                      {m.common.remove}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <Button style={{ marginTop: 12 }} onClick={() => setAdding(true)}>
        {t.addCertificate}
      </Button>
      {adding && <AddCertificateModal onClose={() => setAdding(false)} onSaved={refresh} />}
    </Card>
  );
}

interface IdpValues {
  source: 'metadata' | 'fields';
  EntityId?: string;
  LoginUrl?: string;
  BindingType: string;
  WantRequestSigned: boolean;
  X509Certificate?: string;
}

function IdpModal({ current, onClose, onSaved }: { current: IdpConfiguration | undefined; onClose: () => void; onSaved: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<IdpValues>();
  const [metadata, setMetadata] = useState<{ name: string; size: number; base64: string }>();
  const [fileProblem, setFileProblem] = useState<string>();
  const source = Form.useWatch('source', form) ?? 'metadata';
  const save = useMutation({
    mutationFn: (v: IdpValues) => {
      const params: Record<string, string | boolean> = { DirectoryId: directoryId, BindingType: v.BindingType, WantRequestSigned: v.WantRequestSigned };
      if (v.source === 'metadata') params.EncodedMetadataDocument = metadata!.base64;
      else {
        params.EntityId = v.EntityId!.trim();
        params.LoginUrl = v.LoginUrl!.trim();
        if (v.X509Certificate?.trim()) params.X509Certificate = v.X509Certificate.trim();
      }
      return call('cloudsso', 'SetExternalSAMLIdentityProvider', params);
    },
    onSuccess: () => {
      notifySuccess(t.idpSaved);
      onSaved();
      onClose();
    },
  });
  const onFile = async (file: File | undefined) => {
    setMetadata(undefined);
    setFileProblem(undefined);
    if (!file) return;
    if (file.size > MAX_METADATA_BYTES) {
      setFileProblem(t.metadataTooLarge(MAX_METADATA_BYTES));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    setMetadata({ name: file.name, size: file.size, base64: toBase64(bytes) });
  };
  const submit = (v: IdpValues) => {
    if (v.source === 'metadata' && !metadata) {
      setFileProblem(fileProblem ?? t.metadataRequired);
      return;
    }
    save.mutate(v);
  };
  const ruleOf = (check: (v: string) => string | undefined) => ({
    validator: (_r: unknown, v: string | undefined) => {
      const p = check(v ?? '');
      return p ? Promise.reject(new Error(p)) : Promise.resolve();
    },
  });
  return (
    <Modal
      open
      title={current ? t.editIdp : t.configure}
      okText={m.common.save}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      {save.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={save.error} />
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          source: current && !current.EncodedMetadataDocument ? 'fields' : 'metadata',
          EntityId: current?.EntityId,
          LoginUrl: current?.LoginUrl,
          BindingType: current?.BindingType ?? 'Post',
          WantRequestSigned: current?.WantRequestSigned ?? false,
        }}
      >
        <Form.Item name="source">
          <Radio.Group aria-label={t.configure}>
            <Radio value="metadata">{t.fromMetadata}</Radio>
            <Radio value="fields">{t.byHand}</Radio>
          </Radio.Group>
        </Form.Item>
        {source === 'metadata' ? (
          <div style={{ marginBottom: 24 }}>
            <label htmlFor="idp-metadata" style={{ display: 'block', marginBottom: 8, fontWeight: 500 }}>
              {t.metadataFile}
            </label>
            <input
              id="idp-metadata"
              type="file"
              accept=".xml,application/xml,text/xml"
              aria-describedby={fileProblem ? 'idp-metadata-problem' : undefined}
              aria-invalid={fileProblem ? true : undefined}
              onChange={(e) => void onFile(e.currentTarget.files?.[0])}
            />
            {metadata && <div className="policy-status valid">{t.metadataChosen(metadata.name, metadata.size)}</div>}
            {fileProblem && (
              <div id="idp-metadata-problem" className="policy-status invalid" role="alert">
                {fileProblem}
              </div>
            )}
          </div>
        ) : (
          <>
            <Form.Item name="EntityId" label={t.entityId} rules={[ruleOf((v) => textProblem('EntityId', v))]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="LoginUrl" label={t.loginUrl} rules={[ruleOf((v) => urlProblem('LoginUrl', v))]}>
              <Input autoComplete="off" inputMode="url" />
            </Form.Item>
            <Form.Item
              name="X509Certificate"
              label={t.certificate}
              extra={current ? t.certificateHelp : undefined}
              rules={[ruleOf((v) => (v.trim() === '' && current ? undefined : certificateProblem(v)))]}
            >
              <Input.TextArea rows={4} className="json-editor" spellCheck={false} />
            </Form.Item>
          </>
        )}
        <Form.Item name="BindingType" label={t.bindingType}>
          <Radio.Group>
            <Radio value="Post">{t.bindings.Post}</Radio>
            <Radio value="Redirect">{t.bindings.Redirect}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="WantRequestSigned" valuePropName="checked">
          <Checkbox>{t.wantRequestSigned}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddCertificateModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<{ pem: string }>();
  const add = useMutation({
    mutationFn: (pem: string) => call('cloudsso', 'AddExternalSAMLIdPCertificate', { DirectoryId: directoryId, X509Certificate: pem.trim() }),
    onSuccess: () => {
      notifySuccess(t.certificateAdded);
      onSaved();
      onClose();
    },
  });
  return (
    <Modal open title={t.addCertificate} okText={m.common.add} cancelText={m.common.cancel} onCancel={onClose} onOk={() => form.submit()} confirmLoading={add.isPending}>
      {add.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={add.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v.pem)}>
        <Form.Item
          name="pem"
          label={t.certificate}
          rules={[{ validator: (_r, v: string | undefined) => { const p = certificateProblem(v ?? ''); return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}
        >
          <Input.TextArea rows={6} className="json-editor" spellCheck={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- Service provider --------------------------------------------------------------------------

interface ServiceProvider {
  DirectoryId: string;
  EntityId: string;
  AcsUrl: string;
  EncodedMetadataDocument: string;
  AuthnSignAlgo: string;
  CertificateType: string;
  SupportEncryptedAssertion: boolean;
}

/** Saves the SP metadata document (Base64 in the answer) as an XML file. */
function downloadMetadata(sp: ServiceProvider): void {
  const blob = new Blob([fromBase64(sp.EncodedMetadataDocument) as BlobPart], { type: 'application/samlmetadata+xml' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `cloudsso-sp-metadata-${sp.DirectoryId}.xml`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function SpCard() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const sp = useQuery({
    queryKey: ['saml-sp', directoryId],
    queryFn: () => call<{ SAMLServiceProvider: ServiceProvider }>('cloudsso', 'GetDirectorySAMLServiceProviderInfo', { DirectoryId: directoryId }),
  });
  return (
    <Card title={<CardTitle id="sp-title">{t.sp}</CardTitle>}>
      <Typography.Paragraph type="secondary">{t.spIntro}</Typography.Paragraph>
      <QueryView query={sp}>
        {({ SAMLServiceProvider: s }) => (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <CopyField id="sp-entity-id" label={t.spEntityId} value={s.EntityId} />
            <CopyField id="sp-acs-url" label={t.acsUrl} value={s.AcsUrl} />
            <Space wrap>
              <Tag>{`${t.authnSignAlgo}: ${s.AuthnSignAlgo}`}</Tag>
              <Tag>{`${t.certificateType}: ${s.CertificateType}`}</Tag>
              <Tag>{`${t.encryptedAssertion}: ${s.SupportEncryptedAssertion ? m.common.yes : m.common.no}`}</Tag>
            </Space>
            <div>
              <Button type="primary" onClick={() => downloadMetadata(s)}>
                {t.downloadMetadata}
              </Button>
            </div>
          </Space>
        )}
      </QueryView>
    </Card>
  );
}
