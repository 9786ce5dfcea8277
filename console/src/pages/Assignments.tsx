import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Form, Modal, Popconfirm, Radio, Select, Table } from 'antd';
import { useState } from 'react';
import { startsWith } from '../api/filter';
import { ErrorAlert, PageHeader, Pager, QueryView, useNotifyError, useNotifySuccess, usePager } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import { href } from '../router';
import type { AccessConfiguration } from './AccessConfigurations';
import { TaskProgress, type Task } from './Tasks';

interface Assignment {
  AccessConfigurationId: string;
  AccessConfigurationName: string;
  PrincipalType: 'User' | 'Group';
  PrincipalId: string;
  PrincipalName: string;
  TargetType: string;
  TargetId: string;
  TargetName: string;
  CreateTime: string;
}

interface Account {
  AccountId: string;
  DisplayName: string;
}

const PAGE_SIZE = 20;

const assignmentKey = (a: Assignment) => `${a.AccessConfigurationId}:${a.PrincipalType}:${a.PrincipalId}:${a.TargetId}`;

/** The tasks started from this page, followed until they end (GetTaskStatus while InProgress). */
function StartedTasks({ tasks }: { tasks: Task[] }) {
  if (tasks.length === 0) return null;
  return (
    <div className="started-tasks">
      {tasks.map((t) => (
        <div key={t.TaskId}>
          {t.TaskType}{' '}
          <TaskProgress taskId={t.TaskId} initial={t.Status} /> <a href={href('tasks')}>{m.access.viewTasks}</a>
        </div>
      ))}
    </div>
  );
}

export function AssignmentsPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const pager = usePager();
  const [creating, setCreating] = useState(false);
  const [deprovision, setDeprovision] = useState(true);
  const [started, setStarted] = useState<Task[]>([]);
  const list = useQuery({
    queryKey: ['assignments', directoryId, pager.token],
    queryFn: () =>
      call<{ AccessAssignments: Assignment[]; NextToken?: string; TotalCounts: number }>('cloudsso', 'ListAccessAssignments', {
        DirectoryId: directoryId,
        MaxResults: PAGE_SIZE,
        ...(pager.token ? { NextToken: pager.token } : {}),
      }),
    placeholderData: (prev) => prev,
  });
  const remove = useMutation({
    mutationFn: (a: Assignment) =>
      call<{ Task: Task }>('cloudsso', 'DeleteAccessAssignment', {
        DirectoryId: directoryId,
        AccessConfigurationId: a.AccessConfigurationId,
        TargetType: a.TargetType,
        TargetId: a.TargetId,
        PrincipalType: a.PrincipalType,
        PrincipalId: a.PrincipalId,
        DeprovisionStrategy: deprovision ? 'DeprovisionForLastAccessAssignmentOnAccount' : 'None',
      }),
    onSuccess: (r) => {
      notifySuccess(m.access.assignmentDeleted);
      setStarted((s) => [r.Task, ...s]);
      void queryClient.invalidateQueries({ queryKey: ['assignments', directoryId] });
      void queryClient.invalidateQueries({ queryKey: ['tasks', directoryId] });
    },
    onError: notifyError,
  });
  return (
    <section>
      <PageHeader
        title={m.access.assignmentsTitle}
        intro={m.access.assignmentsIntro}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {m.access.createAssignment}
          </Button>
        }
      />
      <StartedTasks tasks={started} />
      <QueryView query={list} isEmpty={(d) => d.AccessAssignments.length === 0 && pager.page === 1} empty={m.access.assignmentsEmpty}>
        {(d) => (
          <>
            <Table<Assignment>
              rowKey={assignmentKey}
              dataSource={d.AccessAssignments}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                {
                  title: m.access.principal,
                  dataIndex: 'PrincipalName',
                  render: (n: string, a) => (
                    <a href={href(a.PrincipalType === 'User' ? 'users' : 'groups', a.PrincipalId)}>
                      {n || a.PrincipalId} ({a.PrincipalType === 'User' ? m.access.user : m.access.group})
                    </a>
                  ),
                },
                { title: m.access.account, dataIndex: 'TargetName', render: (n: string, a) => `${n || a.TargetId}` },
                {
                  title: m.access.configuration,
                  dataIndex: 'AccessConfigurationName',
                  render: (n: string, a) => <a href={href('access-configurations', a.AccessConfigurationId)}>{n}</a>,
                },
                { title: m.common.created, dataIndex: 'CreateTime', responsive: ['lg'] },
                {
                  title: m.common.actions,
                  key: 'actions',
                  render: (_: unknown, a) => (
                    <Popconfirm
                      placement="left"
                      title={m.access.confirmDeleteAssignment(a.PrincipalName || a.PrincipalId, a.TargetName || a.TargetId)}
                      description={
                        <Checkbox checked={deprovision} onChange={(e) => setDeprovision(e.target.checked)} style={{ maxWidth: 280 }}>
                          {m.access.deprovisionLast}
                        </Checkbox>
                      }
                      okText={m.common.remove}
                      okButtonProps={{ danger: true }}
                      cancelText={m.common.cancel}
                      onConfirm={() => remove.mutateAsync(a).catch(() => undefined)}
                    >
                      <Button size="small" danger aria-label={`${m.common.remove} ${a.PrincipalName || a.PrincipalId} ${a.TargetName || a.TargetId}`}>
                        {m.common.remove}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.AccessAssignments.length} total={d.TotalCounts} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
      {creating && <CreateAssignmentModal onClose={() => setCreating(false)} onStarted={(t) => setStarted((s) => [t, ...s])} />}
    </section>
  );
}

interface AssignmentForm {
  AccessConfigurationId?: string;
  PrincipalType: 'User' | 'Group';
  PrincipalId?: string;
  TargetId?: string;
}

function CreateAssignmentModal({ onClose, onStarted }: { onClose: () => void; onStarted: (t: Task) => void }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifySuccess = useNotifySuccess();
  const [form] = Form.useForm<AssignmentForm>();
  const principalType = Form.useWatch('PrincipalType', form) ?? 'User';
  const [q, setQ] = useState('');
  const configurations = useQuery({
    queryKey: ['access-configurations-all', directoryId],
    queryFn: () =>
      call<{ AccessConfigurations: AccessConfiguration[] }>('cloudsso', 'ListAccessConfigurations', { DirectoryId: directoryId, MaxResults: 100 }),
  });
  const accounts = useQuery({
    queryKey: ['rd-accounts'],
    queryFn: () => call<{ Accounts: { Account: Account[] } }>('resourcemanager', 'ListAccounts', { PageSize: 100 }),
  });
  const principals = useQuery({
    queryKey: ['principals', directoryId, principalType, q],
    queryFn: async () => {
      const params = { DirectoryId: directoryId, MaxResults: 50 };
      if (principalType === 'User') {
        const r = await call<{ Users: { UserId: string; UserName: string; DisplayName: string }[] }>('cloudsso', 'ListUsers', {
          ...params,
          ...(q ? { Filter: startsWith('UserName', q) } : {}),
        });
        return r.Users.map((u) => ({ value: u.UserId, label: u.DisplayName ? `${u.UserName} (${u.DisplayName})` : u.UserName }));
      }
      const r = await call<{ Groups: { GroupId: string; GroupName: string }[] }>('cloudsso', 'ListGroups', {
        ...params,
        ...(q ? { Filter: startsWith('GroupName', q) } : {}),
      });
      return r.Groups.map((g) => ({ value: g.GroupId, label: g.GroupName }));
    },
    placeholderData: (prev) => prev,
  });
  const create = useMutation({
    mutationFn: (v: AssignmentForm) =>
      call<{ Task: Task }>('cloudsso', 'CreateAccessAssignment', {
        DirectoryId: directoryId,
        AccessConfigurationId: v.AccessConfigurationId,
        TargetType: 'RD-Account',
        TargetId: v.TargetId,
        PrincipalType: v.PrincipalType,
        PrincipalId: v.PrincipalId,
      }),
    onSuccess: (r) => {
      notifySuccess(m.access.assignmentCreated);
      onStarted(r.Task);
      void queryClient.invalidateQueries({ queryKey: ['assignments', directoryId] });
      void queryClient.invalidateQueries({ queryKey: ['tasks', directoryId] });
      onClose();
    },
  });
  const loadError = configurations.error ?? accounts.error ?? principals.error;
  return (
    <Modal
      open
      title={m.access.createAssignment}
      okText={m.common.create}
      cancelText={m.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      {(create.isError || loadError) && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={create.error ?? loadError} />
        </div>
      )}
      <Form form={form} layout="vertical" initialValues={{ PrincipalType: 'User' }} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="AccessConfigurationId"
          label={m.access.configuration}
          rules={[{ required: true, message: m.access.required(m.access.configuration) }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={configurations.isPending}
            placeholder={m.access.configurationPlaceholder}
            options={configurations.data?.AccessConfigurations.map((c) => ({ value: c.AccessConfigurationId, label: c.AccessConfigurationName }))}
          />
        </Form.Item>
        <Form.Item name="PrincipalType" label={m.access.principalType}>
          <Radio.Group
            onChange={() => {
              form.setFieldValue('PrincipalId', undefined);
              setQ('');
            }}
            options={[
              { value: 'User', label: m.access.user },
              { value: 'Group', label: m.access.group },
            ]}
          />
        </Form.Item>
        <Form.Item name="PrincipalId" label={m.access.principal} rules={[{ required: true, message: m.access.required(m.access.principal) }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={(v) => setQ(v.trim())}
            loading={principals.isFetching}
            placeholder={m.access.principalPlaceholder}
            options={principals.data ?? []}
          />
        </Form.Item>
        <Form.Item
          name="TargetId"
          label={m.access.account}
          rules={[{ required: true, message: m.access.required(m.access.account) }]}
          extra={accounts.data?.Accounts.Account.length === 0 ? m.access.accountsEmpty : undefined}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={accounts.isPending}
            placeholder={m.access.accountPlaceholder}
            options={accounts.data?.Accounts.Account.map((a) => ({ value: a.AccountId, label: `${a.DisplayName} (${a.AccountId})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
