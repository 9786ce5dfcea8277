import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Col, Descriptions, Progress, Row, Statistic, Switch, Typography } from 'antd';
import { CopyField, ErrorAlert, PageHeader, QueryView, useConfirm, useNotifyError, useNotifySuccess } from '../components/common';
import { useApi, useDirectoryId } from '../context';
import { m } from '../messages';

export interface DirectoryStatistics {
  DirectoryId: string;
  DirectoryName: string;
  Region: string;
  UserCount: number;
  UserQuota: number;
  GroupCount: number;
  GroupQuota: number;
  AccessConfigurationCount: number;
  AccessConfigurationQuota: number;
  AccessAssignmentCount: number;
  SCIMServerCredentialCount: number;
  InProgressTaskCount: number;
  SCIMSyncEnabled: boolean;
}

export function scimEndpoint(): string {
  return `${location.origin}/scim/v2`;
}

export function useSyncStatus() {
  const call = useApi();
  const directoryId = useDirectoryId();
  return useQuery({
    queryKey: ['scim-sync', directoryId],
    queryFn: () =>
      call<{ SCIMSynchronizationStatus: string }>('cloudsso', 'GetSCIMSynchronizationStatus', { DirectoryId: directoryId }),
  });
}

function Quota({ label, count, quota }: { label: string; count: number; quota: number }) {
  const percent = quota > 0 ? Math.round((count / quota) * 100) : 0;
  return (
    <Card size="small">
      <Statistic title={label} value={count} suffix={`/ ${quota}`} />
      <Progress percent={percent} showInfo={false} aria-label={`${label}: ${m.directory.usage(count, quota)}`} />
    </Card>
  );
}

export function Overview() {
  const call = useApi();
  const directoryId = useDirectoryId();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const confirmThen = useConfirm();
  const notifySuccess = useNotifySuccess();
  const stats = useQuery({
    queryKey: ['statistics', directoryId],
    queryFn: () =>
      call<{ DirectoryStatistics: DirectoryStatistics }>('cloudsso', 'GetDirectoryStatistics', { DirectoryId: directoryId }),
  });
  const sync = useSyncStatus();
  const setSync = useMutation({
    mutationFn: (enabled: boolean) =>
      call('cloudsso', 'SetSCIMSynchronizationStatus', {
        DirectoryId: directoryId,
        SCIMSynchronizationStatus: enabled ? 'Enabled' : 'Disabled',
      }),
    onSuccess: (_r, enabled) => {
      notifySuccess(enabled ? m.directory.syncEnabled : m.directory.syncDisabled);
      void queryClient.invalidateQueries({ queryKey: ['scim-sync', directoryId] });
      void queryClient.invalidateQueries({ queryKey: ['statistics', directoryId] });
    },
    onError: notifyError,
  });
  const onToggle = (enabled: boolean) => {
    if (enabled) setSync.mutate(true);
    else {
      confirmThen(m.directory.confirmDisableSync, m.common.disable, () => setSync.mutateAsync(false));
    }
  };
  const enabled = sync.data?.SCIMSynchronizationStatus === 'Enabled';
  return (
    <section>
      <PageHeader title={m.directory.title} />
      <QueryView query={stats}>
        {({ DirectoryStatistics: s }) => (
          <>
            <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 3 }} style={{ marginBottom: 24 }}>
              <Descriptions.Item label={m.common.name}>{s.DirectoryName}</Descriptions.Item>
              <Descriptions.Item label={m.directory.id}>
                <Typography.Text code>{s.DirectoryId}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={m.directory.region}>{s.Region}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={2} className="section-title">
              {m.directory.statistics}
            </Typography.Title>
            <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
              <Col xs={24} sm={12} lg={8}>
                <Quota label={m.directory.users} count={s.UserCount} quota={s.UserQuota} />
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Quota label={m.directory.groups} count={s.GroupCount} quota={s.GroupQuota} />
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Quota label={m.directory.accessConfigurations} count={s.AccessConfigurationCount} quota={s.AccessConfigurationQuota} />
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Card size="small">
                  <Statistic title={m.directory.scimCredentials} value={s.SCIMServerCredentialCount} />
                </Card>
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Card size="small">
                  <Statistic title={m.directory.accessAssignments} value={s.AccessAssignmentCount} />
                </Card>
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Card size="small">
                  <Statistic title={m.directory.tasks} value={s.InProgressTaskCount} />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </QueryView>
      <Typography.Title level={2} className="section-title">
        {m.directory.scim}
      </Typography.Title>
      <Card>
        <Typography.Paragraph>{m.directory.scimEndpointHelp}</Typography.Paragraph>
        <CopyField id="scim-endpoint" label={m.directory.scimEndpoint} value={scimEndpoint()} />
        <div className="sync-row">
          {sync.isError ? (
            <ErrorAlert error={sync.error} onRetry={() => void sync.refetch()} />
          ) : (
            <>
              <Switch
                id="scim-sync"
                checked={enabled}
                loading={sync.isPending || setSync.isPending}
                onChange={onToggle}
                aria-describedby="scim-sync-state"
              />
              <label htmlFor="scim-sync" className="sync-label">
                {m.directory.syncSwitch}
              </label>
              <Typography.Paragraph id="scim-sync-state" type="secondary" style={{ margin: 0, width: '100%' }}>
                {sync.isPending ? m.common.loading : enabled ? m.directory.syncOn : m.directory.syncOff}
              </Typography.Paragraph>
            </>
          )}
        </div>
      </Card>
    </section>
  );
}
