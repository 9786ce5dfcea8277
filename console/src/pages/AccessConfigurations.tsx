import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ErrorAlert, PageHeader, Pager, QueryView, useNotifyError, useNotifySuccess, usePager } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import { POLICY_TEMPLATE, policyProblem } from '../policy';
import { href, navigate } from '../router';
import { PolicyEditor } from './RamPolicies';

export interface AccessConfiguration {
  AccessConfigurationId: string;
  AccessConfigurationName: string;
  Description: string;
  RelayState: string;
  SessionDuration: number;
  StatusNotifications: string[];
  CreateTime: string;
  UpdateTime: string;
}

interface PermissionPolicy {
  PermissionPolicyName: string;
  PermissionPolicyType: 'System' | 'Inline';
  PermissionPolicyDocument?: string;
  AddTime: string;
}

const PAGE_SIZE = 20;

/** The server's range for SessionDuration (seconds). */
const validDuration = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 900 && v <= 43200;

function NotificationTags({ c }: { c: AccessConfiguration }) {
  return (
    <>
      {c.StatusNotifications.map((n) => (
        <Tag key={n} className="tag-warn">
          {n === 'ReprovisionRequired' ? m.access.reprovisionRequired : n}
        </Tag>
      ))}
    </>
  );
}

export function AccessConfigurationsPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const pager = usePager();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['access-configurations', directoryId, pager.token],
    queryFn: () =>
      call<{ AccessConfigurations: AccessConfiguration[]; NextToken?: string; TotalCounts: number }>('cloudsso', 'ListAccessConfigurations', {
        DirectoryId: directoryId,
        MaxResults: PAGE_SIZE,
        ...(pager.token ? { NextToken: pager.token } : {}),
      }),
    placeholderData: (prev) => prev,
  });
  return (
    <section>
      <PageHeader
        title={m.access.configurationsTitle}
        intro={m.access.configurationsIntro}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.access.createConfiguration}
          </Button>
        }
      />
      <QueryView query={list} isEmpty={(d) => d.AccessConfigurations.length === 0 && pager.page === 1} empty={m.access.configurationsEmpty}>
        {(d) => (
          <>
            <Table<AccessConfiguration>
              rowKey="AccessConfigurationId"
              dataSource={d.AccessConfigurations}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                {
                  title: m.access.configurationName,
                  dataIndex: 'AccessConfigurationName',
                  render: (n: string, c) => <a href={href('access-configurations', c.AccessConfigurationId)}>{n}</a>,
                },
                { title: m.common.description, dataIndex: 'Description', responsive: ['md'] },
                { title: m.access.sessionDuration, dataIndex: 'SessionDuration', responsive: ['sm'] },
                { title: m.access.statusNotifications, key: 'n', render: (_: unknown, c) => <NotificationTags c={c} />, responsive: ['sm'] },
                { title: m.common.created, dataIndex: 'CreateTime', responsive: ['lg'] },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.AccessConfigurations.length} total={d.TotalCounts} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      {creating && <CreateConfigurationModal onClose={() => setCreating(false)} />}
    </section>
  );
}

interface ConfigurationForm {
  AccessConfigurationName: string;
  Description?: string;
  RelayState?: string;
  SessionDuration?: number;
}

function CreateConfigurationModal({ onClose }: { onClose: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<ConfigurationForm>();
  const create = useMutation({
    mutationFn: (v: ConfigurationForm) =>
      call<{ AccessConfiguration: AccessConfiguration }>('cloudsso', 'CreateAccessConfiguration', {
        DirectoryId: directoryId,
        AccessConfigurationName: v.AccessConfigurationName.trim(),
        ...(v.Description?.trim() ? { Description: v.Description.trim() } : {}),
        ...(v.RelayState?.trim() ? { RelayState: v.RelayState.trim() } : {}),
        ...(v.SessionDuration !== undefined && v.SessionDuration !== null ? { SessionDuration: v.SessionDuration } : {}),
      }),
    onSuccess: (r) => {
      notifySuccess(m.access.configurationCreated(r.AccessConfiguration.AccessConfigurationName));
      void queryClient.invalidateQueries({ queryKey: ['access-configurations', directoryId] });
      onClose();
      navigate('access-configurations', r.AccessConfiguration.AccessConfigurationId);
    },
  });
  return (
    <Modal
      open
      title={m.access.createConfiguration}
      okText={m.common.create}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ SessionDuration: 3600 }}>
        <Form.Item
          name="AccessConfigurationName"
          label={m.access.configurationName}
          extra={m.access.configurationNameHelp}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="Description" label={m.common.description}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="SessionDuration"
          label={m.access.sessionDuration}
          extra={m.access.sessionDurationHelp}
          rules={[{ validator: (_, v) => (v === undefined || v === null || validDuration(v) ? Promise.resolve() : Promise.reject(new Error(m.access.sessionDurationInvalid))) }]}
        >
          <InputNumber step={900} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="RelayState" label={m.access.relayState}>
          <Input autoComplete="off" inputMode="url" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AccessConfigurationDetail({ accessConfigurationId }: { accessConfigurationId: string }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [force, setForce] = useState(false);
  const ids = { DirectoryId: directoryId, AccessConfigurationId: accessConfigurationId };
  const configuration = useQuery({
    queryKey: ['access-configuration', directoryId, accessConfigurationId],
    queryFn: () => call<{ AccessConfiguration: AccessConfiguration }>('cloudsso', 'GetAccessConfiguration', ids),
  });
  const remove = useMutation({
    mutationFn: () => call('cloudsso', 'DeleteAccessConfiguration', { ...ids, ...(force ? { ForceRemovePermissionPolicies: true } : {}) }),
    onSuccess: () => {
      notifySuccess(m.access.configurationDeleted);
      void queryClient.invalidateQueries({ queryKey: ['access-configurations', directoryId] });
      navigate('access-configurations');
    },
    onError: notifyError,
  });
  return (
    <section>
      <a href={href('access-configurations')}>← {m.access.configurationsTitle}</a>
      <QueryView query={configuration}>
        {({ AccessConfiguration: c }) => (
          <>
            <PageHeader
              title={c.AccessConfigurationName}
              extra={
                <Popconfirm
                  placement="bottom"
                  title={m.common.confirmDelete(c.AccessConfigurationName)}
                  description={
                    <Checkbox checked={force} onChange={(e) => setForce(e.target.checked)}>
                      {m.access.forceRemovePolicies}
                    </Checkbox>
                  }
                  okText={m.common.delete}
                  okButtonProps={{ danger: true }}
                  cancelText={m.common.cancel}
                  onConfirm={() => remove.mutateAsync().catch(() => undefined)}
                >
                  <Button danger>{m.common.delete}</Button>
                </Popconfirm>
              }
            />
            <SettingsCard c={c} />
          </>
        )}
      </QueryView>
      {configuration.isSuccess && <PoliciesCard accessConfigurationId={accessConfigurationId} />}
    </section>
  );
}

function SettingsCard({ c }: { c: AccessConfiguration }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<{ Description: string; RelayState: string; SessionDuration: number }>();
  const save = useMutation({
    mutationFn: (v: { Description: string; RelayState: string; SessionDuration: number }) =>
      call('cloudsso', 'UpdateAccessConfiguration', {
        DirectoryId: directoryId,
        AccessConfigurationId: c.AccessConfigurationId,
        ...(v.Description !== c.Description ? { NewDescription: v.Description } : {}),
        ...(v.RelayState !== c.RelayState ? { NewRelayState: v.RelayState } : {}),
        ...(v.SessionDuration !== c.SessionDuration ? { NewSessionDuration: v.SessionDuration } : {}),
      }),
    onSuccess: () => {
      notifySuccess(m.access.configurationSaved);
      void queryClient.invalidateQueries({ queryKey: ['access-configuration', directoryId, c.AccessConfigurationId] });
      void queryClient.invalidateQueries({ queryKey: ['access-configurations', directoryId] });
    },
  });
  return (
    <Card title={<h2 className="card-title">{m.access.settings}</h2>} style={{ marginBottom: 24 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={m.access.configurationId}>{c.AccessConfigurationId}</Descriptions.Item>
        <Descriptions.Item label={m.common.created}>{c.CreateTime}</Descriptions.Item>
        <Descriptions.Item label={m.common.updated}>{c.UpdateTime}</Descriptions.Item>
        <Descriptions.Item label={m.access.statusNotifications}>
          {c.StatusNotifications.length ? <NotificationTags c={c} /> : m.common.none}
        </Descriptions.Item>
      </Descriptions>
      {save.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={save.error} />
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        className="settings-grid"
        initialValues={{ Description: c.Description, RelayState: c.RelayState, SessionDuration: c.SessionDuration }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="Description" label={m.common.description}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="SessionDuration"
          label={m.access.sessionDuration}
          rules={[{ validator: (_, v) => (validDuration(v) ? Promise.resolve() : Promise.reject(new Error(m.access.sessionDurationInvalid))) }]}
        >
          <InputNumber step={900} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="RelayState" label={m.access.relayState}>
          <Input autoComplete="off" inputMode="url" />
        </Form.Item>
        <Form.Item label=" " colon={false}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {m.common.save}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function PoliciesCard({ accessConfigurationId }: { accessConfigurationId: string }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [dialog, setDialog] = useState<{ kind: 'system' } | { kind: 'inline'; policy?: PermissionPolicy }>();
  const ids = { DirectoryId: directoryId, AccessConfigurationId: accessConfigurationId };
  const key = ['access-configuration-policies', directoryId, accessConfigurationId];
  const policies = useQuery({
    queryKey: key,
    queryFn: () => call<{ PermissionPolicies: PermissionPolicy[] }>('cloudsso', 'ListPermissionPoliciesInAccessConfiguration', ids),
  });
  const remove = useMutation({
    mutationFn: (p: PermissionPolicy) =>
      call('cloudsso', 'RemovePermissionPolicyFromAccessConfiguration', {
        ...ids,
        PermissionPolicyType: p.PermissionPolicyType,
        PermissionPolicyName: p.PermissionPolicyName,
      }),
    onSuccess: (_, p) => {
      notifySuccess(m.access.policyRemoved(p.PermissionPolicyName));
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ['access-configuration', directoryId, accessConfigurationId] });
    },
    onError: notifyError,
  });
  return (
    <Card
      title={<h2 className="card-title">{m.access.policies}</h2>}
      extra={
        <Space wrap>
          <Button onClick={() => setDialog({ kind: 'system' })}>{m.access.addSystemPolicy}</Button>
          <Button onClick={() => setDialog({ kind: 'inline' })}>{m.access.addInlinePolicy}</Button>
        </Space>
      }
    >
      <QueryView query={policies} isEmpty={(d) => d.PermissionPolicies.length === 0} empty={m.access.policiesEmpty}>
        {(d) => (
          <Table<PermissionPolicy>
            size="small"
            rowKey={(p) => `${p.PermissionPolicyType}:${p.PermissionPolicyName}`}
            dataSource={d.PermissionPolicies}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: m.access.policyName, dataIndex: 'PermissionPolicyName' },
              { title: m.access.policyType, dataIndex: 'PermissionPolicyType' },
              { title: m.access.addTime, dataIndex: 'AddTime', responsive: ['md'] },
              {
                title: m.common.actions,
                key: 'actions',
                render: (_: unknown, p) => (
                  <Space wrap>
                    {p.PermissionPolicyType === 'Inline' && (
                      <Button size="small" onClick={() => setDialog({ kind: 'inline', policy: p })} aria-label={`${m.common.edit} ${p.PermissionPolicyName}`}>
                        {m.common.edit}
                      </Button>
                    )}
                    <Popconfirm
                      title={m.access.confirmRemovePolicy(p.PermissionPolicyName)}
                      okText={m.common.remove}
                      okButtonProps={{ danger: true }}
                      cancelText={m.common.cancel}
                      onConfirm={() => remove.mutateAsync(p).catch(() => undefined)}
                    >
                      <Button size="small" danger aria-label={`${m.common.remove} ${p.PermissionPolicyName}`}>
                        {m.common.remove}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {dialog?.kind === 'system' && <AddSystemPolicyModal accessConfigurationId={accessConfigurationId} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'inline' && (
        <InlinePolicyModal accessConfigurationId={accessConfigurationId} policy={dialog.policy} onClose={() => setDialog(undefined)} />
      )}
    </Card>
  );
}

function usePolicyMutation(accessConfigurationId: string, onDone: () => void) {
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['access-configuration-policies', directoryId, accessConfigurationId] });
    void queryClient.invalidateQueries({ queryKey: ['access-configuration', directoryId, accessConfigurationId] });
    void queryClient.invalidateQueries({ queryKey: ['access-configurations', directoryId] });
    onDone();
  };
}

function AddSystemPolicyModal({ accessConfigurationId, onClose }: { accessConfigurationId: string; onClose: () => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const notifySuccess = useNotifySuccess();
  const done = usePolicyMutation(accessConfigurationId, onClose);
  const [name, setName] = useState<string>();
  const system = useQuery({
    queryKey: ['ram-system-policies'],
    queryFn: () =>
      call<{ Policies: { Policy: { PolicyName: string; Description?: string }[] } }>('ram', 'ListPolicies', { PolicyType: 'System', MaxItems: 1000 }),
    staleTime: Infinity,
  });
  const add = useMutation({
    mutationFn: (policyName: string) =>
      call('cloudsso', 'AddPermissionPolicyToAccessConfiguration', {
        DirectoryId: directoryId,
        AccessConfigurationId: accessConfigurationId,
        PermissionPolicyType: 'System',
        PermissionPolicyName: policyName,
      }),
    onSuccess: (_, policyName) => {
      notifySuccess(m.access.policyAdded(policyName));
      done();
    },
  });
  return (
    <Modal
      open
      title={m.access.addSystemPolicy}
      okText={m.common.add}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => name && add.mutate(name)}
      okButtonProps={{ disabled: !name }}
      confirmLoading={add.isPending}
    >
      {add.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={add.error} />
        </div>
      )}
      <label htmlFor="system-policy" style={{ display: 'block', marginBottom: 4, fontWeight: 500 }}>
        {m.access.systemPolicy}
      </label>
      <QueryView query={system}>
        {(d) => (
          <Select
            id="system-policy"
            showSearch
            value={name}
            onChange={setName}
            placeholder={m.access.systemPolicyPlaceholder}
            style={{ width: '100%' }}
            optionFilterProp="label"
            options={d.Policies.Policy.map((p) => ({ value: p.PolicyName, label: p.PolicyName }))}
          />
        )}
      </QueryView>
    </Modal>
  );
}

function InlinePolicyModal({
  accessConfigurationId,
  policy,
  onClose,
}: {
  accessConfigurationId: string;
  policy?: PermissionPolicy;
  onClose: () => void;
}) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const notifySuccess = useNotifySuccess();
  const done = usePolicyMutation(accessConfigurationId, onClose);
  const [name, setName] = useState(policy?.PermissionPolicyName ?? '');
  const [document, setDocument] = useState(pretty(policy?.PermissionPolicyDocument) ?? POLICY_TEMPLATE);
  const ids = { DirectoryId: directoryId, AccessConfigurationId: accessConfigurationId };
  const save = useMutation({
    mutationFn: () =>
      policy
        ? call('cloudsso', 'UpdateInlinePolicyForAccessConfiguration', { ...ids, InlinePolicyName: policy.PermissionPolicyName, NewInlinePolicyDocument: document })
        : call('cloudsso', 'AddPermissionPolicyToAccessConfiguration', {
            ...ids,
            PermissionPolicyType: 'Inline',
            PermissionPolicyName: name.trim(),
            InlinePolicyDocument: document,
          }),
    onSuccess: () => {
      notifySuccess(m.access.inlineSaved(policy?.PermissionPolicyName ?? name.trim()));
      done();
    },
  });
  return (
    <Modal
      open
      width={720}
      title={policy ? m.access.editInline : m.access.addInlinePolicy}
      okText={policy ? m.common.save : m.common.add}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => save.mutate()}
      okButtonProps={{ disabled: name.trim() === '' || policyProblem(document) !== undefined }}
      confirmLoading={save.isPending}
    >
      {save.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={save.error} />
        </div>
      )}
      <Form layout="vertical" component="div">
        <Form.Item label={m.access.policyName} htmlFor="inline-policy-name" required>
          <Input id="inline-policy-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" disabled={policy !== undefined} />
        </Form.Item>
      </Form>
      <PolicyEditor id="inline-policy-document" value={document} onChange={setDocument} />
    </Modal>
  );
}

function pretty(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
