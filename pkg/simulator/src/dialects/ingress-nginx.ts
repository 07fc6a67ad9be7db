/**
 * ingress-nginx: requests as the Kubernetes ingress-nginx controller counts them
 * (https://kubernetes.github.io/ingress-nginx/user-guide/monitoring/, source
 * internal/ingress/metric/collectors/socket.go): `nginx_ingress_controller_requests` (a
 * client_golang counter named `requests`: no `_total`) and
 * `nginx_ingress_controller_request_duration_seconds` (--time-buckets, default prometheus.DefBuckets),
 * labelled `status`, `method`, `path` (the Ingress rule's path, not the request's), `namespace`,
 * `ingress`, `service`, `canary`, `host` (--metrics-per-host, default on) and the constant
 * `controller_namespace`, `controller_class`, `controller_pod`. The simulated Ingress has one Prefix
 * rule per first path segment.
 */
import type { SimulatedArea } from '../recorder';
import { GO_DEF_BUCKETS } from './promhttp';
import { DialectBase, firstSegment } from './shared';

export const INGRESS_NGINX_AREAS: readonly SimulatedArea[] = ['http'];

const LABELS = [
  'status',
  'method',
  'path',
  'namespace',
  'ingress',
  'service',
  'canary',
  'host',
  'controller_namespace',
  'controller_class',
  'controller_pod',
];
const CONSTANT = {
  namespace: 'music',
  ingress: 'music-api',
  service: 'music-api',
  canary: '',
  host: 'music.example.com',
  controller_namespace: 'ingress-nginx',
  controller_class: 'k8s.io/ingress-nginx',
  controller_pod: 'ingress-nginx-controller-0',
};

export class IngressNginxDialect extends DialectBase {
  private readonly requests = this.counter(
    'http',
    'nginx_ingress_controller_requests',
    'The total number of client requests',
    LABELS
  );
  private readonly duration = this.histogram(
    'http',
    'nginx_ingress_controller_request_duration_seconds',
    'The request processing time in milliseconds',
    LABELS,
    GO_DEF_BUCKETS
  );

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { status: String(statusCode), method, path: `/${firstSegment(route)}`, ...CONSTANT };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
