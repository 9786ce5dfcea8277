import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Progress, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { PageHeader, Pager, QueryView, usePager } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';
import { href } from '../router';

export interface Task {
  TaskId: string;
  TaskType: string;
  Status: string;
  FailureReason?: string;
  StartTime?: string;
  EndTime?: string;
  AccessConfigurationId?: string;
  AccessConfigurationName?: string;
  PrincipalType?: string;
  PrincipalName?: string;
  TargetId?: string;
  TargetName?: string;
}

interface TaskStatus {
  TaskId: string;
  Status: string;
  FailureReason?: string;
}

const PAGE_SIZE = 20;
/** How often a running task is asked about (GetTaskStatus), as Terraform does. */
const POLL_MS = 1000;

export function TaskStatusTag({ status }: { status: string }) {
  const cls = status === 'Success' ? 'tag-ok' : status === 'Failed' ? 'tag-err' : 'tag-warn';
  return <Tag className={cls}>{m.access.taskStatus[status] ?? status}</Tag>;
}

/**
 * A task's status, followed with GetTaskStatus every second while it is InProgress; when it ends,
 * the lists it changes (tasks, assignments, provisionings) are read again.
 */
export function TaskProgress({ taskId, initial }: { taskId: string; initial: string }) {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ['task-status', directoryId, taskId],
    queryFn: () => call<{ TaskStatus: TaskStatus }>('cloudsso', 'GetTaskStatus', { DirectoryId: directoryId, TaskId: taskId }),
    enabled: initial === 'InProgress',
    refetchInterval: (q) => (q.state.data?.TaskStatus.Status ?? 'InProgress') === 'InProgress' && !q.state.error ? POLL_MS : false,
  });
  const current = status.data?.TaskStatus.Status ?? initial;
  useEffect(() => {
    if (initial === 'InProgress' && current !== 'InProgress') {
      for (const key of ['tasks', 'assignments', 'provisionings']) void queryClient.invalidateQueries({ queryKey: [key, directoryId] });
    }
  }, [current, initial, directoryId, queryClient]);
  const label = m.access.taskProgress(taskId, m.access.taskStatus[current] ?? current);
  return (
    <span className="task-progress" role="status" aria-label={label}>
      <TaskStatusTag status={current} />
      {current === 'InProgress' && <Progress percent={100} status="active" showInfo={false} size="small" style={{ width: 80, margin: 0 }} aria-hidden />}
      {status.data?.TaskStatus.FailureReason && <Typography.Text type="danger">{status.data.TaskStatus.FailureReason}</Typography.Text>}
    </span>
  );
}

export function TasksPage() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const pager = usePager();
  const [status, setStatus] = useState<string>('');
  const list = useQuery({
    queryKey: ['tasks', directoryId, status, pager.token],
    queryFn: () =>
      call<{ Tasks: Task[]; NextToken?: string }>('cloudsso', 'ListTasks', {
        DirectoryId: directoryId,
        MaxResults: PAGE_SIZE,
        ...(status ? { Status: status } : {}),
        ...(pager.token ? { NextToken: pager.token } : {}),
      }),
    placeholderData: (prev) => prev,
  });
  return (
    <section>
      <PageHeader title={m.access.tasksTitle} intro={m.access.tasksIntro} />
      <div className="inline-form">
        <label htmlFor="task-status">{m.access.statusFilter}</label>
        <Select
          id="task-status"
          value={status}
          onChange={(v) => {
            setStatus(v);
            pager.reset();
          }}
          style={{ minWidth: 180 }}
          options={[{ value: '', label: m.access.allStatuses }, ...['InProgress', 'Success', 'Failed'].map((s) => ({ value: s, label: m.access.taskStatus[s] ?? s }))]}
        />
      </div>
      <QueryView query={list} isEmpty={(d) => d.Tasks.length === 0 && pager.page === 1} empty={m.access.tasksEmpty}>
        {(d) => (
          <>
            <Table<Task>
              rowKey="TaskId"
              dataSource={d.Tasks}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: m.access.taskType, dataIndex: 'TaskType' },
                {
                  title: m.common.status,
                  dataIndex: 'Status',
                  render: (s: string, t) => (
                    <>
                      <TaskProgress key={`${t.TaskId}:${s}`} taskId={t.TaskId} initial={s} />
                      {t.FailureReason && <div className="task-failure">{t.FailureReason}</div>}
                    </>
                  ),
                },
                {
                  title: m.access.configuration,
                  dataIndex: 'AccessConfigurationName',
                  render: (n: string | undefined, t) =>
                    t.AccessConfigurationId ? <a href={href('access-configurations', t.AccessConfigurationId)}>{n || t.AccessConfigurationId}</a> : m.common.none,
                },
                { title: m.access.target, dataIndex: 'TargetName', render: (n: string | undefined, t) => n || t.TargetId, responsive: ['sm'] },
                {
                  title: m.access.principal,
                  dataIndex: 'PrincipalName',
                  render: (n: string | undefined, t) => (t.PrincipalType ? `${n ?? ''} (${t.PrincipalType})` : m.common.none),
                  responsive: ['md'],
                },
                { title: m.access.startTime, dataIndex: 'StartTime', responsive: ['lg'] },
                { title: m.access.endTime, dataIndex: 'EndTime', responsive: ['lg'] },
                { title: m.access.taskId, dataIndex: 'TaskId', responsive: ['xl'] },
              ]}
            />
            <Pager pager={pager} nextToken={d.NextToken} shown={d.Tasks.length} pageSize={PAGE_SIZE} />
          </>
        )}
      </QueryView>
    </section>
  );
}
