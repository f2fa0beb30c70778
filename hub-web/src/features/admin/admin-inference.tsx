import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { formatBytes } from '../../lib/format.ts';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';

/** A model a worker holds, as `GET /api/admin/inference/workers` lists it. */
export interface InferenceWorkerModel {
  modelId: string;
  sha: string;
  state: 'loading' | 'ready' | 'failed' | 'unloading';
  bytes: number;
  lastUsed: string;
}

/** An inference worker from `GET /api/admin/inference/workers`. */
export interface InferenceWorker {
  id: string;
  name: string;
  version: string;
  state: 'active' | 'draining' | 'dead';
  device: { kind: string; name: string; memTotal: number; memFree: number };
  maxConcurrency: number;
  maxBatch: number;
  inFlight: number;
  registeredAt: string;
  lastHeartbeatAt: string;
  models: InferenceWorkerModel[];
}

export type JobState = 'queued' | 'leased' | 'done' | 'failed' | 'cancelled';

/** One job of the recent-jobs list. */
export interface InferenceJob {
  id: string;
  modelId: string;
  task: string;
  user: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  workerId: string | null;
  createdAt: string;
  deadline: string;
  lastError: string | null;
}

/** What `GET /api/admin/inference/jobs` answers. */
export interface InferenceJobs {
  counts: Record<JobState, number>;
  models: { modelId: string; queued: number; leased: number; oldestQueuedS: number | null }[];
  jobs: InferenceJob[];
}

const KEY = ['admin', 'inference'];
const REFRESH_MS = 5000;
export const JOBS_URL = '/api/admin/inference/jobs?limit=100';

const JOB_STATES: { state: JobState; label: string }[] = [
  { state: 'queued', label: 'Queued' },
  { state: 'leased', label: 'Leased' },
  { state: 'done', label: 'Done' },
  { state: 'failed', label: 'Failed' },
  { state: 'cancelled', label: 'Cancelled' },
];

/** A date with its time of day in the reader's locale; the raw value when it does not parse. */
function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A duration in seconds: `42 s`, `3 min 5 s`, `2 h 4 min`. */
export function formatSeconds(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) {
    return `${total} s`;
  }
  if (total < 3600) {
    const rest = total % 60;
    return rest ? `${Math.floor(total / 60)} min ${rest} s` : `${total / 60} min`;
  }
  const minutes = Math.floor((total % 3600) / 60);
  return minutes ? `${Math.floor(total / 3600)} h ${minutes} min` : `${Math.floor(total / 3600)} h`;
}

function Timestamp({ value }: { value: string | null | undefined }) {
  return value ? (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  ) : null;
}

/** Inference: the registered workers (drain, remove), the job counts, the queue and recent jobs. */
export function AdminInference() {
  const queryClient = useQueryClient();
  const workers = useQuery({
    queryKey: [...KEY, 'workers'],
    queryFn: () => apiFetch<InferenceWorker[]>('/api/admin/inference/workers'),
    refetchInterval: REFRESH_MS,
  });
  const jobs = useQuery({
    queryKey: [...KEY, 'jobs'],
    queryFn: () => apiFetch<InferenceJobs>(JOBS_URL),
    refetchInterval: REFRESH_MS,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const drain = useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string; state: 'draining' }>(`/api/admin/inference/workers/${encodeURIComponent(id)}/drain`, { method: 'POST' }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/admin/inference/workers/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const workerNames = new Map((workers.data ?? []).map((worker) => [worker.id, worker.name]));

  return (
    <section aria-labelledby="admin-inference" className="stack">
      <h2 id="admin-inference">Inference workers and job queue</h2>

      <section aria-labelledby="admin-inference-workers">
        <h3 id="admin-inference-workers">Workers</h3>
        {workers.isPending && <p className="muted">Loading…</p>}
        {workers.isError && <ErrorMessage error={workers.error} what="worker list" />}
        <InlineError error={drain.error ?? remove.error} />
        {workers.data && workers.data.length === 0 && <p className="muted">No inference workers are registered.</p>}
        {workers.data && workers.data.length > 0 && (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Inference workers</caption>
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">State</th>
                  <th scope="col">Device</th>
                  <th scope="col">Memory used</th>
                  <th scope="col">In flight</th>
                  <th scope="col">Models</th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {workers.data.map((worker) => (
                  <WorkerRow
                    key={worker.id}
                    worker={worker}
                    busy={drain.isPending || remove.isPending}
                    onDrain={() => drain.mutate(worker.id)}
                    onRemove={() =>
                      window.confirm(`Remove inference worker ${worker.name}? Its leased jobs go back to the queue.`) &&
                      remove.mutate(worker.id)
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="admin-inference-queue">
        <h3 id="admin-inference-queue">Job queue</h3>
        {jobs.isPending && <p className="muted">Loading…</p>}
        {jobs.isError && <ErrorMessage error={jobs.error} what="job queue" />}
        {jobs.data && (
          <>
            <dl className="admin-summary" aria-label="Jobs by state">
              {JOB_STATES.map(({ state, label }) => (
                <div key={state}>
                  <dt>{label}</dt>
                  <dd>{jobs.data.counts[state] ?? 0}</dd>
                </div>
              ))}
            </dl>
            {jobs.data.models.length === 0 ? (
              <p className="muted">The queue is empty.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <caption>Queue by model</caption>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col">Queued</th>
                      <th scope="col">Leased</th>
                      <th scope="col">Oldest queued job waiting</th>
                    </tr>
                  </thead>
                  <tbody>
                    {jobs.data.models.map((model) => (
                      <tr key={model.modelId}>
                        <td>{model.modelId}</td>
                        <td>{model.queued}</td>
                        <td>{model.leased}</td>
                        <td>{model.oldestQueuedS === null ? '—' : formatSeconds(model.oldestQueuedS)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="admin-inference-jobs">
        <h3 id="admin-inference-jobs">Recent jobs</h3>
        {jobs.data && jobs.data.jobs.length === 0 && <p className="muted">No recent jobs.</p>}
        {jobs.data && jobs.data.jobs.length > 0 && (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Recent inference jobs</caption>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Model</th>
                  <th scope="col">Task</th>
                  <th scope="col">User</th>
                  <th scope="col">State</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Worker</th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.jobs.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <Timestamp value={job.createdAt} />
                    </td>
                    <td>{job.modelId}</td>
                    <td>{job.task}</td>
                    <td>{job.user}</td>
                    <td>{job.state}</td>
                    <td>
                      {job.attempts}/{job.maxAttempts}
                    </td>
                    <td>{job.workerId ? (workerNames.get(job.workerId) ?? <code>{job.workerId.slice(0, 8)}</code>) : '—'}</td>
                    <td>
                      <Timestamp value={job.deadline} />
                    </td>
                    <td className="admin-error-cell">{job.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

function WorkerRow({
  worker,
  busy,
  onDrain,
  onRemove,
}: {
  worker: InferenceWorker;
  busy: boolean;
  onDrain: () => void;
  onRemove: () => void;
}) {
  const { device } = worker;
  const used = Math.max(0, device.memTotal - device.memFree);
  return (
    <tr>
      <td>
        {worker.name}
        {worker.version && <span className="muted"> {worker.version}</span>}
      </td>
      <td>{worker.state}</td>
      <td>
        {device.kind}
        {device.name && `: ${device.name}`}
      </td>
      <td>{device.memTotal > 0 ? `${formatBytes(used)} / ${formatBytes(device.memTotal)}` : '—'}</td>
      <td>
        {worker.inFlight}/{worker.maxConcurrency}
      </td>
      <td>
        {worker.models.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="plain-list">
            {worker.models.map((model) => (
              <li key={`${model.modelId}@${model.sha}`}>
                {model.modelId} <span className="badge">{model.state}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <Timestamp value={worker.lastHeartbeatAt} />
      </td>
      <td className="actions">
        <button type="button" aria-label={`Drain ${worker.name}`} disabled={busy || worker.state !== 'active'} onClick={onDrain}>
          Drain
        </button>
        <button type="button" className="danger" aria-label={`Remove ${worker.name}`} disabled={busy} onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}
