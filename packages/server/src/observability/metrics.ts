import type { Registry } from 'prom-client';
import type { AuditEvent, CodeSender } from '../domain/ports.js';

export type PromClient = typeof import('prom-client');
type MetricSources = { queueDepth: () => number; storeUp: () => Promise<boolean> };

/** What the server feeds as it works; `registry` exists only where /metrics is served. */
export interface Metrics {
  registry: Registry | undefined;
  request(route: string, method: string, status: number, seconds: number): void;
  audited(event: AuditEvent): void;
  instrument(sender: CodeSender): CodeSender;
}

/** Metrics off (neither TESSERA_METRICS_PORT nor TESSERA_METRICS_TOKEN): nothing is counted, nothing loaded. */
const NO_METRICS: Metrics = { registry: undefined, request() {}, audited() {}, instrument: (sender) => sender };

/** The registry to serve; only asked for where /metrics is configured, which is where it was loaded. */
export function registryOf(metrics: Metrics): Registry {
  if (metrics.registry === undefined) throw new Error('metrics are off: set TESSERA_METRICS_PORT or TESSERA_METRICS_TOKEN');
  return metrics.registry;
}

/**
 * prom-client and its process collectors cost ~12 MiB of resident memory: loaded only when /metrics is
 * served, so the one-box default stays small (the sign-in burst ceiling).
 */
export async function loadPromClient(config: { metricsPort?: number | undefined; metricsToken?: string | undefined }): Promise<PromClient | undefined> {
  return config.metricsPort !== undefined || config.metricsToken !== undefined ? await import('prom-client') : undefined;
}

/**
 * The Prometheus series of one instance (docs/operations.md lists them), or none without prom-client. A
 * registry per runtime, not prom-client's global one, so several servers in one process (tests) never
 * share counters.
 */
export function createMetrics(prom: PromClient | undefined, sources: MetricSources): Metrics {
  if (prom === undefined) return NO_METRICS;
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = prom;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tessera_' });
  const requests = new Counter({
    name: 'tessera_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const verifications = new Counter({
    name: 'tessera_verifications_total',
    help: 'Second-factor verifications by factor type and outcome (ok, wrong, replayed, locked)',
    labelNames: ['factor_type', 'outcome'] as const,
    registers: [registry],
  });
  const locks = new Counter({ name: 'tessera_failure_budget_locks_total', help: 'Accounts locked by the failure budget', registers: [registry] });
  const sends = new Counter({
    name: 'tessera_sends_total',
    help: 'Codes and security notices handed to a provider, by channel and outcome (sent, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const sendSeconds = new Histogram({
    name: 'tessera_send_duration_seconds',
    help: 'Provider latency of a send, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'tessera_argon2_queue_depth',
    help: 'Argon2 hashes running or waiting for a slot',
    registers: [registry],
    collect() {
      this.set(sources.queueDepth());
    },
  });
  new Gauge({
    name: 'tessera_store_up',
    help: '1 when the database (and Redis, when configured) answers',
    registers: [registry],
    async collect() {
      this.set((await sources.storeUp()) ? 1 : 0);
    },
  });

  return {
    registry,
    /** One answered request; `route` is the pattern (`/api/v3/get-factor`), never the raw URL. */
    request(route: string, method: string, status: number, seconds: number) {
      const labels = { route, method, status: String(status) };
      requests.inc(labels);
      requestSeconds.observe(labels, seconds);
    },
    /** Reads what the audit trail records: every verification outcome and every lock pass through it. */
    audited(event: AuditEvent) {
      if (event.type === 'lock') locks.inc();
      if ((event.type === 'verify' || event.type === 'recovery-code.use') && event.outcome) {
        const factorType = event.type === 'recovery-code.use' ? 'RECOVERY_CODE' : (event.factorType ?? 'unknown');
        verifications.inc({ factor_type: factorType, outcome: event.outcome === 'failed' ? 'wrong' : event.outcome });
      }
    },
    /** The sender, timed and counted; what it sends is never a label. */
    instrument(sender: CodeSender): CodeSender {
      return {
        async send(message) {
          const channel = message.channel;
          const stop = sendSeconds.startTimer({ channel });
          try {
            await sender.send(message);
            sends.inc({ channel, outcome: 'sent' });
          } catch (error) {
            sends.inc({ channel, outcome: 'failed' });
            throw error;
          } finally {
            stop();
          }
        },
      };
    },
  };
}

