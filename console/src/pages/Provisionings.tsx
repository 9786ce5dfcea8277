import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { PageHeader, Pager, QueryView, useNotifyError, useNotifySuccess, usePager } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import { href } from '../router';
import { TaskProgress, type Task } from './Tasks';

interface Provisioning {
  AccessConfigurationId: string;
  AccessConfigurationName: string;
  TargetType: string;
  TargetId: string;
  TargetName: string;
  Status: string;
  RAMRoleName: string;
  RAMPolicyNames: string[];
  UpdateTime: string;
}

const PAGE_SIZE = 20;
const STATUSES = ['Provisioned', 'ReprovisionRequired', 'DeprovisionFailed'];

function ProvisioningTag({ status }: { status: string }) {
  return <Tag className={status === 'Provisioned' ? 'tag-ok' : status === 'DeprovisionFailed' ? 'tag-err' : 'tag-warn'}>{m.access.provisioningStatus[status] ?? status}</Tag>;
}

export function ProvisioningsPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const pager = usePager();
  const [status, setStatus] = useState('');
  const [started, setStarted] = useState<Task[]>([]);
  const list = useQuery({
    queryKey: ['provisionings', directoryId, status, pager.token],
    queryFn: () =>
      call<{ AccessConfigurationProvisionings: Provisioning[]; NextToken?: string; TotalCounts: number }>(
        'cloudsso',
        'ListAccessConfigurationProvisionings',
        {
          DirectoryId: directoryId,
          MaxResults: PAGE_SIZE,
          ...(status ? { ProvisioningStatus: status } : {}),
          ...(pager.token ? { NextToken: pager.token } : {}),
        },
      ),
    placeholderData: (prev) => prev,
  });
  const reprovision = useMutation({
    mutationFn: (p: Provisioning) =>
      call<{ Tasks: Task[] }>('cloudsso', 'ProvisionAccessConfiguration', {
        DirectoryId: directoryId,
        AccessConfigurationId: p.AccessConfigurationId,
        TargetType: p.TargetType,
        TargetId: p.TargetId,
      }),
    onSuccess: (r) => {
      notifySuccess(m.access.reprovisionStarted);
      setStarted((s) => [...r.Tasks, ...s]);
      void queryClient.invalidateQueries({ queryKey: ['tasks', directoryId] });
    },
    onError: notifyError,
  });
  return (
    <section>
      <PageHeader title={m.access.provisioningsTitle} intro={m.access.provisioningsIntro} />
      <div className="inline-form">
        <label htmlFor="provisioning-status">{m.access.statusFilter}</label>
        <Select
          id="provisioning-status"
          value={status}
          onChange={(v) => {
            setStatus(v);
            pager.reset();
          }}
          style={{ minWidth: 200 }}
          options={[{ value: '', label: m.access.allStatuses }, ...STATUSES.map((s) => ({ value: s, label: m.access.provisioningStatus[s] ?? s }))]}
        />
      </div>
      {started.length > 0 && (
        <div className="started-tasks">
          {started.map((t) => (
            <div key={t.TaskId}>
              {t.TaskType}{' '}
              <TaskProgress taskId={t.TaskId} initial={t.Status} /> <a href={href('tasks')}>{m.access.viewTasks}</a>
            </div>
          ))}
        </div>
      )}
      <QueryView
        query={list}
        isEmpty={(d) => d.AccessConfigurationProvisionings.length === 0 && pager.page === 1}
        empty={m.access.provisioningsEmpty}
      >
        {(d) => (
          <>
            <Table<Provisioning>
              rowKey={(p) => `${p.AccessConfigurationId}:${p.TargetId}`}
              dataSource={d.AccessConfigurationProvisionings}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                {
                  title: m.access.configuration,
                  dataIndex: 'AccessConfigurationName',
                  render: (n: string, p) => <a href={href('access-configurations', p.AccessConfigurationId)}>{n}</a>,
                },
                { title: m.access.account, dataIndex: 'TargetName', render: (n: string, p) => n || p.TargetId },
                { title: m.common.status, dataIndex: 'Status', render: (s: string) => <ProvisioningTag status={s} /> },
                { title: m.access.ramRole, dataIndex: 'RAMRoleName', responsive: ['md'] },
                { title: m.common.updated, dataIndex: 'UpdateTime', responsive: ['lg'] },
                {
                  title: m.common.actions,
                  key: 'actions',
                  render: (_: unknown, p) => (
                    <Button
                      size="small"
                      type={p.Status === 'Provisioned' ? 'default' : 'primary'}
                      loading={reprovision.isPending && reprovision.variables === p}
                      onClick={() => reprovision.mutate(p)}
                      aria-label={m.access.reprovisionLabel(p.AccessConfigurationName, p.TargetName || p.TargetId)}
                    >
                      {m.access.reprovision}
                    </Button>
                  ),
                },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.AccessConfigurationProvisionings.length} total={d.TotalCounts} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
    </section>
  );
}
