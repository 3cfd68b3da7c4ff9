/**
 * node/metrics — Prometheus metrics of one node (prom-client, a registry per node), the
 * gRPC request counter, the gauges refreshed from the replica's status and the /metrics
 * HTTP endpoint. Must not: influence behaviour; it only observes.
 */
export { NodeMetrics } from './metrics.ts';
export { startMetricsServer } from './http.ts';
export { requestCounter } from './grpc-interceptor.ts';
export { trackGauges, GAUGE_INTERVAL_MS, type GaugeSource } from './gauges.ts';
