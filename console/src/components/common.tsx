import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Empty, Input, Space, Spin, Typography } from 'antd';
import { Component, useRef, useState, type ReactNode } from 'react';
import { ApiError, denyingPolicy } from '../api/client';
import { m } from '../messages';

export interface ErrorText {
  readonly title: string;
  readonly detail?: string;
}

/** What to tell the administrator about a failed call; a RAM denial names the missing action. */
export function describeError(error: unknown): ErrorText {
  if (error instanceof ApiError) {
    if (error.code === 'NoPermission' || error.accessDeniedDetail?.AuthAction) {
      const action = error.accessDeniedDetail?.AuthAction ?? '?';
      const policy = denyingPolicy(error.accessDeniedDetail);
      const hint = error.accessDeniedDetail?.AuthPrincipalType === 'AssumedRoleUser' ? m.errors.deniedHintRole : m.errors.deniedHint;
      return { title: m.errors.denied(action), detail: policy ? m.errors.deniedExplicit(policy) : hint };
    }
    if (error.code === 'InvalidSecurityToken.Expired') return { title: m.errors.expired };
    if (error.code === 'NetworkError') return { title: m.errors.network };
    return {
      title: m.errors.withCode(error.code, error.message),
      ...(error.requestId ? { detail: m.errors.requestId(error.requestId) } : {}),
    };
  }
  return { title: error instanceof Error ? error.message : String(error) };
}

export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const text = describeError(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? text.title}
      description={
        title ? (
          <>
            <div>{text.title}</div>
            {text.detail && <div>{text.detail}</div>}
          </>
        ) : (
          text.detail
        )
      }
      action={onRetry && <Button onClick={onRetry}>{m.common.retry}</Button>}
    />
  );
}

/** A failed write: a notification that stays long enough to read (errors are `role="alert"`). */
export function useNotifyError(): (error: unknown) => void {
  const { notification } = AntApp.useApp();
  return (error: unknown) => {
    const text = describeError(error);
    notification.error({ title: text.title, description: text.detail, duration: 10, role: 'alert' });
  };
}

/**
 * Asks before a risky change: a confirmation dialog whose danger button runs `run` (its failure is
 * shown by the mutation's own error handling). Through the App context, so the dialog follows the
 * theme (reduced motion included), unlike the static `Modal.confirm`.
 */
export function useConfirm(): (title: string, okText: string, run: () => Promise<unknown>) => void {
  const { modal } = AntApp.useApp();
  return (title, okText, run) =>
    void modal.confirm({ title, okText, cancelText: m.common.cancel, okButtonProps: { danger: true }, onOk: () => run().catch(() => undefined) });
}

export function useNotifySuccess(): (text: string) => void {
  const { message } = AntApp.useApp();
  return (text: string) => void message.success(text);
}

export function Loading() {
  return (
    <div role="status" aria-live="polite" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 8 }}>{m.common.loading}</div>
    </div>
  );
}

/** Loading, error (with retry), empty, or the content: every page's data goes through this. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert title={m.common.loadFailed} error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty description={empty} />;
  return <>{children(query.data)}</>;
}

/** A value with a Copy button; the value stays selectable in a read-only field. */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      ref.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4, fontWeight: 500 }}>
        {label}
      </label>
      <Space.Compact style={{ width: '100%' }}>
        <input
          ref={ref}
          id={id}
          readOnly
          value={value}
          className="copy-field"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button onClick={() => void copy()} aria-label={`${m.common.copy} ${label}`}>
          {copied ? m.common.copied : m.common.copy}
        </Button>
      </Space.Compact>
    </div>
  );
}

/** Keyset paging (NextToken / Marker): a stack of the tokens that opened each earlier page. */
export function usePager() {
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  return {
    token: tokens[tokens.length - 1],
    page: tokens.length,
    next: (t: string) => setTokens((s) => [...s, t]),
    previous: () => setTokens((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setTokens([undefined]),
  };
}

export function Pager({
  pager,
  nextToken,
  shown,
  total,
  pageSize,
}: {
  pager: ReturnType<typeof usePager>;
  nextToken: string | undefined;
  shown: number;
  total?: number;
  pageSize: number;
}) {
  const from = (pager.page - 1) * pageSize + 1;
  return (
    <nav aria-label={m.common.pagination} className="pager">
      {total !== undefined && shown > 0 && (
        <Typography.Text type="secondary">{m.common.pageInfo(from, from + shown - 1, total)}</Typography.Text>
      )}
      <Space>
        <Button onClick={pager.previous} disabled={pager.page <= 1}>
          {m.common.previous}
        </Button>
        <Button onClick={() => nextToken && pager.next(nextToken)} disabled={!nextToken}>
          {m.common.next}
        </Button>
      </Space>
    </nav>
  );
}

export function PageHeader({ title, intro, extra }: { title: string; intro?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <Typography.Title level={1} className="page-title">
          {title}
        </Typography.Title>
        {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      </div>
      {extra && <div className="page-actions">{extra}</div>}
    </div>
  );
}

export function SearchBox({ label, placeholder, onSearch }: { label: string; placeholder: string; onSearch: (q: string) => void }) {
  return (
    <Input.Search
      aria-label={label}
      placeholder={placeholder}
      allowClear
      enterButton={m.common.search}
      onSearch={(q) => onSearch(q.trim())}
      style={{ maxWidth: 420, marginBottom: 16 }}
    />
  );
}

export { Input };

/**
 * A page's code could not be fetched (the server was upgraded and the old chunk is gone, or the
 * network failed): say so, and offer a reload, instead of a blank page.
 */
export class ChunkErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={m.common.pageLoadFailed}
        description={this.state.error instanceof Error ? this.state.error.message : String(this.state.error)}
        action={<Button onClick={() => location.reload()}>{m.common.reload}</Button>}
      />
    );
  }
}
