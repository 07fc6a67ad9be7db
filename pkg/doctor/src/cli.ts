import { detect, parseSelector } from '@perfscope/catalog';
import { httpReader } from './http';
import { report } from './report';

export interface DoctorOptions {
  url: string;
  match?: string;
  json: boolean;
  headers: Record<string, string>;
}

export const USAGE = `Usage: perfscope-doctor --url URL [--match SELECTOR] [--json] [--header "Name: value"]

Reads a Prometheus-compatible server's metric names and labels, picks the naming preset each area
follows (OpenTelemetry, Micrometer, redis_exporter, …), and prints every Perfscope signal: data,
no traffic or metric missing, with the PromQL it runs.

Options:
  --url URL          the server's base address, e.g. http://127.0.0.1:9090 (required)
  --match SELECTOR   one service's series only, e.g. '{job="api"}'
  --json             print only the suggested settings, as the configuration page saves them
  --header "N: V"    a header for every request (Authorization, X-Scope-OrgID); may repeat
  --help             show this help`;

/** Parses flags; throws an Error whose message says what is wrong and what is valid. */
export function parseArgs(argv: readonly string[]): DoctorOptions | 'help' {
  let url: string | undefined;
  let match: string | undefined;
  let json = false;
  const headers: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') {
        throw new Error(`${flag} needs a value. Run perfscope-doctor --help for the options.`);
      }
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--url':
        url = value();
        break;
      case '--match':
        match = value();
        parseSelector(match);
        break;
      case '--json':
        json = true;
        break;
      case '--header': {
        const header = value();
        const colon = header.indexOf(':');
        if (colon <= 0) {
          throw new Error(`--header takes "Name: value", e.g. "Authorization: Bearer TOKEN" (got "${header}").`);
        }
        headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
        break;
      }
      default:
        throw new Error(`Unknown option "${arg}". Run perfscope-doctor --help for the options.`);
    }
  }
  if (!url) {
    throw new Error('--url is required: the Prometheus server to read, e.g. --url http://127.0.0.1:9090.');
  }
  return { url, match, json, headers };
}

/** Entry point of the perfscope-doctor command; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  progress: (text: string) => void = (t) => process.stderr.write(t)
): Promise<number> {
  let options: DoctorOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (e) {
    progress(`perfscope-doctor: ${(e as Error).message}\n`);
    return 2;
  }
  if (options === 'help') {
    out(`${USAGE}\n`);
    return 0;
  }
  let requests = 0;
  let names = 0;
  let phase = '';
  const PHASES: Record<string, string> = {
    'label/__name__/values': 'reading the metric names',
    labels: "reading the candidate metrics' labels",
    query: 'querying every signal',
  };
  const reader = httpReader(options.url, {
    headers: options.headers,
    onRequest: (path) => {
      requests++;
      if (!options.json && (path !== phase || requests % 20 === 0)) {
        phase = path;
        progress(`perfscope-doctor: ${PHASES[path] ?? path} (request ${requests})\n`);
      }
    },
  });
  const counting = {
    ...reader,
    metricNames: async (match?: string) => {
      const list = await reader.metricNames(match);
      names = list.length;
      if (!options.json) {
        progress(`perfscope-doctor: ${names} metric names${match ? ` matching ${match}` : ''}\n`);
      }
      return list;
    },
  };
  try {
    const detection = await detect(counting, options.match);
    out(
      options.json ? `${JSON.stringify(detection.settings, null, 2)}\n` : `${report(detection, options.url, names)}\n`
    );
    return 0;
  } catch (e) {
    progress(`perfscope-doctor: ${(e as Error).message}\n`);
    return 1;
  }
}
