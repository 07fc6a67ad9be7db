import type { CanonicalLabel } from '@perfscope/catalog';
import { checkDialects, DIALECT_AREAS, DIALECT_IDS, type DialectId } from './dialects';
import { SCENARIO_NAMES, isScenario, unknownScenario, type ScenarioName } from './scenarios';
import { Fleet, MAX_SERVICES } from './fleet';
import { serve } from './server';
import { Simulator } from './simulator';

export interface CliOptions {
  host: string;
  port: number;
  scenario: ScenarioName;
  seed: number;
  speed: number;
  prefix: string;
  labelMap: Partial<Record<CanonicalLabel, string>>;
  dialects: DialectId[];
  tickMs: number;
  /** Services to simulate; with more than one, each series carries `job="<service>"`. */
  services: number;
}

const DIALECT_LIST = DIALECT_IDS.map((id) => `    ${id.padEnd(18)} ${DIALECT_AREAS[id].join(', ')}`).join('\n');

export const USAGE = `Usage: perfscope-simulator [options]

Serves Prometheus metrics of an imaginary music-streaming service at /metrics.

Options:
  --host ADDRESS     address to listen on (default 127.0.0.1)
  --port PORT        port to listen on, 0 for any free one (default 9464)
  --scenario NAME    starting scenario (default normal): ${SCENARIO_NAMES.join(', ')}
  --seed N           random seed, for repeatable runs (default 1)
  --speed X          simulated seconds per real second (default 1)
  --dialect LIST     instrumentations to emit the traffic with, comma-separated (default kit); each
                     area goes to the first listed dialect that covers it, the others are not emitted
  --prefix PREFIX    metric-name prefix, e.g. shop_ (default none; kit dialect only)
  --label-map MAP    label names to use instead of Perfscope's, e.g. status_code=status,result=outcome
                     (kit dialect only)
  --services N       simulate N services (1 to ${MAX_SERVICES}; default 1), each with its own seed,
                     traffic and speed, every series labelled job="<service>" (scrape them with
                     honor_labels: true); POST /scenario?service=NAME&name=SCENARIO faults one
  --tick MS          milliseconds between simulation steps (default 100)
  --help             show this help

Dialects and the areas they cover:
${DIALECT_LIST}

At run time:
  curl -X POST 'http://HOST:PORT/scenario?name=error-burst'
  curl -X POST 'http://HOST:PORT/deploy?version=1.1.0&slowdown=1.3'
                     deploys a new build: app_build_info{version, commit} changes (the deploy marker)
                     and HTTP durations become 1.3 times the profile's until the next deploy; without
                     version the last number of the current one counts up, without slowdown 1
                     (a rollback); with --services, ?service=NAME deploys one service, else all
  curl 'http://HOST:PORT/deploy'   the build of every service
  Both POSTs take their fields (name; version, slowdown; service) in the query or as a JSON object
  body, e.g. -d '{"service": "checkout", "version": "1.1.0"}'; the query's win.`;

/** Parses command-line flags; throws an Error whose message says what is wrong and what is valid. */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = {
    host: '127.0.0.1',
    port: 9464,
    scenario: 'normal',
    seed: 1,
    speed: 1,
    prefix: '',
    labelMap: {},
    dialects: ['kit'],
    tickMs: 100,
    services: 1,
  };
  const number = (flag: string, text: string, check: (n: number) => boolean, rule: string) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || !check(n)) {
      throw new Error(`${flag} must be ${rule} (got "${text}").`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      return 'help';
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) {
        throw new Error(
          `${flag} needs a value. ${
            flag === '--scenario'
              ? `Valid scenarios: ${SCENARIO_NAMES.join(', ')}.`
              : flag === '--dialect'
                ? `Valid dialects: ${DIALECT_IDS.join(', ')}.`
                : ''
          }`.trim()
        );
      }
      return v;
    };
    switch (flag) {
      case '--host':
        options.host = value();
        break;
      case '--port':
        options.port = number(
          '--port',
          value(),
          (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
          'a whole number from 0 to 65535'
        );
        break;
      case '--scenario': {
        const name = value();
        if (!isScenario(name)) {
          throw new Error(unknownScenario(name));
        }
        options.scenario = name;
        break;
      }
      case '--seed':
        options.seed = number('--seed', value(), (n) => Number.isInteger(n) && n >= 0, 'a whole number of at least 0');
        break;
      case '--speed':
        options.speed = number('--speed', value(), (n) => n > 0 && n <= 1000, 'a number above 0 and at most 1000');
        break;
      case '--prefix':
        options.prefix = value();
        break;
      case '--label-map':
        for (const pair of value().split(',').filter(Boolean)) {
          const [from, to] = pair.split('=');
          if (!from || !to) {
            throw new Error(
              `--label-map takes label=name pairs separated by commas, e.g. status_code=status (got "${pair}").`
            );
          }
          options.labelMap[from.trim() as CanonicalLabel] = to.trim();
        }
        break;
      case '--dialect':
        options.dialects = checkDialects(
          value()
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean)
        );
        break;
      case '--services':
        options.services = number(
          '--services',
          value(),
          (n) => Number.isInteger(n) && n >= 1 && n <= MAX_SERVICES,
          `a whole number from 1 to ${MAX_SERVICES}`
        );
        break;
      case '--tick':
        options.tickMs = number(
          '--tick',
          value(),
          (n) => Number.isInteger(n) && n >= 10 && n <= 10_000,
          'a whole number of milliseconds from 10 to 10000'
        );
        break;
      default:
        throw new Error(`Unknown option "${arg}". Run perfscope-simulator --help for the options.`);
    }
  }
  const renames = [
    options.prefix ? '--prefix' : '',
    Object.keys(options.labelMap).length > 0 ? '--label-map' : '',
  ].filter(Boolean);
  const others = options.dialects.filter((d) => d !== 'kit');
  if (renames.length > 0 && others.length > 0) {
    throw new Error(
      `${renames.join(' and ')} ${renames.length > 1 ? 'apply' : 'applies'} to the kit dialect only: ${renames.length > 1 ? 'they' : 'it'} cannot be combined with --dialect ${others.join(',')}.`
    );
  }
  return options;
}

/** Entry point of the perfscope-simulator command. */
export async function main(argv: readonly string[]): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`perfscope-simulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let sim: Simulator | Fleet;
  try {
    const simulation = {
      seed: options.seed,
      speed: options.speed,
      scenario: options.scenario,
      prefix: options.prefix,
      labelMap: options.labelMap,
      dialects: options.dialects,
    };
    sim = options.services > 1 ? new Fleet(options.services, simulation) : new Simulator(simulation);
  } catch (e) {
    process.stderr.write(`perfscope-simulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  try {
    const running = await serve(sim, options.host, options.port, options.tickMs);
    process.stdout.write(
      `perfscope-simulator: serving ${running.url}/metrics (${options.services > 1 ? `${options.services} services, ` : ''}scenario ${options.scenario}, seed ${options.seed}, speed ${options.speed}x, dialects ${options.dialects.join(',')})\n`
    );
    const stop = () => {
      running.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (e) {
    process.stderr.write(`perfscope-simulator: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
