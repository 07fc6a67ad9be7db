/**
 * node-exporter: the simulated host as prometheus/node_exporter exposes it
 * (https://github.com/prometheus/node_exporter, collector/loadavg.go `node_load1`;
 * collector/meminfo.go `node_memory_<field>_bytes`): `node_load1` is the simulated load, the same
 * value the kit's `node_load1` has; `node_memory_MemTotal_bytes` and `node_memory_MemAvailable_bytes`
 * are this host's (the simulator does not simulate memory).
 */
import * as os from 'os';
import type { SimulatedArea } from '../recorder';
import { DialectBase } from './shared';

export const NODE_EXPORTER_AREAS: readonly SimulatedArea[] = ['system'];

export class NodeExporterDialect extends DialectBase {
  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    this.scraped('system', {
      name: 'node_load1',
      help: '1m load average.',
      type: 'gauge',
      read: () => [{ value: this.ctx.load() }],
    });
    this.scraped('system', {
      name: 'node_memory_MemTotal_bytes',
      help: 'Memory information field MemTotal_bytes.',
      type: 'gauge',
      read: () => [{ value: os.totalmem() }],
    });
    this.scraped('system', {
      name: 'node_memory_MemAvailable_bytes',
      help: 'Memory information field MemAvailable_bytes.',
      type: 'gauge',
      read: () => [{ value: os.freemem() }],
    });
  }
}
