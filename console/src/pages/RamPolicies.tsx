import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Popconfirm, Table } from 'antd';
import { useState } from 'react';
import { ErrorAlert, PageHeader, Pager, QueryView, useNotifyError, useNotifySuccess, usePager } from '../components/common';
import { useApi } from '../context';
import { m } from '../messages';
import { POLICY_TEMPLATE, policyProblem } from '../policy';
import { href, navigate } from '../router';

export interface RamPolicy {
  PolicyName: string;
  PolicyType: string;
  Description?: string;
  DefaultVersion: string;
  CreateDate: string;
  AttachmentCount?: number;
}

const PAGE_SIZE = 50;

export function RamPoliciesPage() {
  const call = useApi();
  const pager = usePager();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['ram-policies', pager.token],
    queryFn: () =>
      call<{ Policies: { Policy: RamPolicy[] }; IsTruncated: boolean; Marker?: string }>('ram', 'ListPolicies', {
        MaxItems: PAGE_SIZE,
        ...(pager.token ? { Marker: pager.token } : {}),
      }),
  });
  return (
    <section>
      <PageHeader
        title={m.ram.policiesTitle}
        intro={m.ram.policiesIntro}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.ram.createPolicy}
          </Button>
        }
      />
      <QueryView query={list} isEmpty={(d) => d.Policies.Policy.length === 0 && pager.page === 1} empty={m.ram.policiesNone}>
        {(d) => (
          <>
            <Table<RamPolicy>
              rowKey={(p) => `${p.PolicyType}:${p.PolicyName}`}
              dataSource={d.Policies.Policy}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: m.ram.policyName, dataIndex: 'PolicyName', render: (n: string) => <a href={href('ram', 'policies', n)}>{n}</a> },
                { title: m.ram.policyType, dataIndex: 'PolicyType' },
                { title: m.common.description, dataIndex: 'Description', responsive: ['md'] },
                { title: m.ram.attachmentCount, dataIndex: 'AttachmentCount', responsive: ['sm'] },
                { title: m.common.created, dataIndex: 'CreateDate', responsive: ['lg'] },
              ]}
            />
            <Pager pager={pager} nextToken={d.IsTruncated ? d.Marker : undefined} shown={d.Policies.Policy.length} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      {creating && <CreatePolicyModal onClose={() => setCreating(false)} />}
    </section>
  );
}

/** A JSON editor checked on every change with the server's validator; the server's answer is shown too. */
export function PolicyEditor({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const problem = policyProblem(value);
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4, fontWeight: 500 }}>
        {m.ram.policyDocument}
      </label>
      <Input.TextArea
        id={id}
        className="json-editor"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoSize={{ minRows: 10, maxRows: 24 }}
        spellCheck={false}
        aria-invalid={problem !== undefined}
        aria-describedby={`${id}-status`}
      />
      <div id={`${id}-status`} aria-live="polite" className={problem ? 'policy-status invalid' : 'policy-status valid'}>
        {problem ? m.ram.policyInvalid(problem) : m.ram.policyValid}
      </div>
    </div>
  );
}

function CreatePolicyModal({ onClose }: { onClose: () => void }) {
  const call = useApi();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [document, setDocument] = useState(POLICY_TEMPLATE);
  const create = useMutation({
    mutationFn: () =>
      call<{ Policy: RamPolicy }>('ram', 'CreatePolicy', {
        PolicyName: name.trim(),
        PolicyDocument: document,
        ...(description.trim() ? { Description: description.trim() } : {}),
      }),
    onSuccess: (r) => {
      notifySuccess(m.ram.policyCreated(r.Policy.PolicyName));
      void queryClient.invalidateQueries({ queryKey: ['ram-policies'] });
      void queryClient.invalidateQueries({ queryKey: ['ram-policies-all'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      width={720}
      title={m.ram.createPolicy}
      okText={m.common.create}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => create.mutate()}
      okButtonProps={{ disabled: name.trim() === '' }}
      confirmLoading={create.isPending}
    >
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error} />
        </div>
      )}
      <Form layout="vertical" component="div">
        <Form.Item label={m.ram.policyName} htmlFor="policy-name" required>
          <Input id="policy-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Form.Item>
        <Form.Item label={m.common.description} htmlFor="policy-description">
          <Input id="policy-description" value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
        </Form.Item>
      </Form>
      <PolicyEditor id="policy-document" value={document} onChange={setDocument} />
    </Modal>
  );
}

export function RamPolicyDetail({ policyName }: { policyName: string }) {
  const call = useApi();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [cascade, setCascade] = useState(false);
  const policy = useQuery({
    queryKey: ['ram-policy', policyName],
    queryFn: () => call<{ Policy: RamPolicy & { PolicyDocument: string } }>('ram', 'GetPolicy', { PolicyName: policyName, PolicyType: 'Custom' }),
  });
  const entities = useQuery({
    queryKey: ['ram-policy-entities', policyName],
    queryFn: () =>
      call<{ Users: { User: { UserName: string; AttachDate: string }[] }; Groups: { Group: { GroupName: string; AttachDate: string }[] } }>(
        'ram',
        'ListEntitiesForPolicy',
        { PolicyName: policyName, PolicyType: 'Custom' },
      ),
  });
  const remove = useMutation({
    mutationFn: () => call('ram', 'DeletePolicy', { PolicyName: policyName, ...(cascade ? { CascadingDelete: true } : {}) }),
    onSuccess: () => {
      notifySuccess(m.ram.policyDeleted);
      void queryClient.invalidateQueries({ queryKey: ['ram-policies'] });
      void queryClient.invalidateQueries({ queryKey: ['ram-policies-all'] });
      navigate('ram', 'policies');
    },
    onError: notifyError,
  });
  return (
    <section>
      <a href={href('ram', 'policies')}>← {m.ram.policiesTitle}</a>
      <QueryView query={policy}>
        {({ Policy: p }) => (
          <>
            <PageHeader
              title={p.PolicyName}
              extra={
                <Popconfirm
                      placement="bottom"
                  title={m.common.confirmDelete(p.PolicyName)}
                  description={
                    <Checkbox checked={cascade} onChange={(e) => setCascade(e.target.checked)}>
                      {m.ram.cascadingDelete}
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
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
              <Descriptions.Item label={m.ram.policyType}>{p.PolicyType}</Descriptions.Item>
              <Descriptions.Item label={m.ram.defaultVersion}>{p.DefaultVersion}</Descriptions.Item>
              <Descriptions.Item label={m.common.description}>{p.Description || m.common.none}</Descriptions.Item>
              <Descriptions.Item label={m.common.created}>{p.CreateDate}</Descriptions.Item>
            </Descriptions>
            <Card title={<h2 className="card-title">{m.ram.policyDocument}</h2>} style={{ marginBottom: 24 }}>
              <pre className="json-view" tabIndex={0}>
                {prettyJson(p.PolicyDocument)}
              </pre>
            </Card>
          </>
        )}
      </QueryView>
      {policy.isSuccess && (
        <Card title={<h2 className="card-title">{m.ram.attachments}</h2>}>
          <QueryView
            query={entities}
            isEmpty={(d) => d.Users.User.length + d.Groups.Group.length === 0}
            empty={m.ram.noAttachments}
          >
            {(d) => (
              <Table
                size="small"
                rowKey={(r) => `${r.kind}:${r.name}`}
                pagination={false}
                dataSource={[
                  ...d.Users.User.map((u) => ({ kind: m.ram.user, name: u.UserName, date: u.AttachDate, user: true })),
                  ...d.Groups.Group.map((g) => ({ kind: m.ram.group, name: g.GroupName, date: g.AttachDate, user: false })),
                ]}
                columns={[
                  { title: m.ram.attachedTo, dataIndex: 'name', render: (n: string, r) => (r.user ? <a href={href('ram', 'users', n)}>{n}</a> : n) },
                  { title: m.ram.policyType, dataIndex: 'kind' },
                  { title: m.ram.attachDate, dataIndex: 'date' },
                ]}
              />
            )}
          </QueryView>
        </Card>
      )}
      {remove.isError && <Alert type="error" title={m.common.requestFailed} />}
    </section>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
