/**
 * What Grafana's plugin validator asserts about a release archive, checked here (the validator
 * itself downloads a Go binary and cannot run on our machines). Returns every problem as a sentence
 * naming the file; an empty list means the archive passes.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as path from 'path';
import * as semver from 'semver';
import { unzipSync } from 'fflate';

export interface ArchiveOptions {
  /** The plugin id the root folder must be named after. */
  pluginId: string;
  /** Grafana's plugin.json schema; without it the schema check is skipped (and says so). */
  schema?: object;
}

const decoder = new TextDecoder();
const text = (bytes: Uint8Array) => decoder.decode(bytes);

/** Words a user-facing README should not need (developer jargon, scaffold leftovers). */
const JARGON = [/\bnpm (run|ci|install)\b/, /\byarn\b/, /\bwebpack\b/, /\bjest\b/, /\bcreate-plugin\b/, /\bmage\b/];
const SCAFFOLD = [
  /This template is a starting point/i,
  /Grafana app plugin template/i,
  /## Getting started\s+### Frontend/i,
];

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function checkArchive(zip: Uint8Array, { pluginId, schema }: ArchiveOptions): string[] {
  const problems: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    return [`The archive is not a readable zip file: ${(e as Error).message}.`];
  }
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));

  // archive: exactly one root folder, named after the plugin id.
  const roots = [...new Set(names.map((n) => n.split('/')[0]))];
  const loose = names.filter((n) => !n.includes('/'));
  if (loose.length > 0) {
    problems.push(`Files sit at the top of the archive instead of in a folder: ${loose.join(', ')}.`);
  }
  if (roots.length !== 1 || roots[0] !== pluginId) {
    problems.push(
      `The archive must hold exactly one root folder named "${pluginId}"; it holds: ${roots.join(', ') || 'nothing'}.`
    );
    return problems;
  }
  const inRoot = new Map(names.map((n) => [n.slice(pluginId.length + 1), files[n]]));
  for (const required of ['module.js', 'plugin.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (!inRoot.has(required)) {
      problems.push(`${pluginId}/${required} is missing.`);
    }
  }

  // metadata / nestedmetadata / metadataschema
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = schema ? ajv.compile(schema) : undefined;
  const pluginJsons = [...inRoot.keys()].filter((n) => n === 'plugin.json' || n.endsWith('/plugin.json'));
  const metas: Array<{ dir: string; json: Record<string, any> }> = [];
  for (const file of pluginJsons) {
    try {
      const json = JSON.parse(text(inRoot.get(file)!));
      metas.push({ dir: path.posix.dirname(file), json });
      if (validate && !validate(json)) {
        const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        problems.push(`${file} does not match Grafana's plugin.json schema: ${why}.`);
      }
      if (/%(VERSION|TODAY)%/.test(text(inRoot.get(file)!))) {
        problems.push(`${file} still holds %VERSION% or %TODAY%: build with npm run build.`);
      }
    } catch (e) {
      problems.push(`${file} is not valid JSON: ${(e as Error).message}.`);
    }
  }
  const app = metas.find((m) => m.dir === '.');
  if (!app) {
    return problems;
  }

  // includesnested
  for (const nested of metas.filter((m) => m.dir !== '.')) {
    const declared = (app.json.includes ?? []).find(
      (i: { id?: string; type?: string }) => i.id === nested.json.id && i.type === nested.json.type
    );
    if (!declared) {
      problems.push(
        `${nested.dir}/plugin.json (${nested.json.type} ${nested.json.id}) is not declared in the app's includes with type "${nested.json.type}".`
      );
    }
  }

  for (const { dir, json } of metas) {
    const where = dir === '.' ? 'plugin.json' : `${dir}/plugin.json`;
    const at = (p: string) => path.posix.normalize(path.posix.join(dir, p));
    // metadatapaths / logos / screenshots
    for (const kind of ['small', 'large'] as const) {
      const logo = json.info?.logos?.[kind];
      const bytes = logo ? inRoot.get(at(logo)) : undefined;
      if (!logo) {
        problems.push(`${where} has no ${kind} logo.`);
      } else if (!bytes) {
        problems.push(`${where} names the ${kind} logo ${logo}, which is not in the archive.`);
      } else if (bytes.length === 0 || !/<svg[\s>]/.test(text(bytes).slice(0, 512))) {
        problems.push(`The ${kind} logo ${at(logo)} is empty or not an SVG.`);
      }
    }
    for (const shot of json.info?.screenshots ?? []) {
      const bytes = inRoot.get(at(shot.path));
      if (!bytes) {
        problems.push(`${where} names the screenshot ${shot.path}, which is not in the archive.`);
      } else if (!startsWith(bytes, PNG) && !startsWith(bytes, JPEG)) {
        problems.push(`The screenshot ${at(shot.path)} is not a PNG or JPEG image.`);
      }
    }
    // modulejs / jssourcemap
    const moduleJs = at('module.js');
    const map = inRoot.get(at('module.js.map'));
    if (!inRoot.has(moduleJs)) {
      problems.push(`${moduleJs} is missing (${json.id}).`);
    } else if (!map) {
      problems.push(`${moduleJs}.map is missing: Grafana needs the source map of every module.js.`);
    } else {
      try {
        const parsed = JSON.parse(text(map));
        const sources: string[] = parsed.sources ?? [];
        if (parsed.version !== 3 || sources.length === 0) {
          problems.push(`${moduleJs}.map is not a version 3 source map with sources.`);
        } else if (!Array.isArray(parsed.sourcesContent) || parsed.sourcesContent.length !== sources.length) {
          problems.push(`${moduleJs}.map does not carry the content of every source.`);
        } else if (!text(inRoot.get(moduleJs)!).includes(`sourceMappingURL=module.js.map`)) {
          problems.push(`${moduleJs} does not point at its source map.`);
        }
      } catch {
        problems.push(`${moduleJs}.map is not valid JSON.`);
      }
    }
    // pluginname / discoverability / grafanadependency / restrictivedep
    if (!json.name || /^[a-z0-9-]+$/.test(json.name)) {
      problems.push(`${where}: the name "${json.name ?? ''}" should be a human-friendly name, not an id.`);
    }
    if (!json.info?.description || !json.info?.keywords?.length) {
      problems.push(`${where} needs a description and keywords so people can find it.`);
    }
    const range = json.dependencies?.grafanaDependency;
    if (!range || !semver.validRange(range)) {
      problems.push(`${where}: grafanaDependency "${range ?? ''}" is not a valid version range.`);
    } else if (semver.valid(range) || /^=/.test(range)) {
      problems.push(
        `${where}: grafanaDependency "${range}" pins one release; use a range such as ">=${range.replace(/^=/, '')}".`
      );
    }
  }

  // readme / templatereadme / jargon / changelog / license
  const readme = inRoot.get('README.md');
  if (readme) {
    const body = text(readme);
    for (const pattern of SCAFFOLD) {
      if (pattern.test(body)) {
        problems.push(
          `README.md still holds the scaffold's text (${pattern.source}): write it for the plugin's users.`
        );
      }
    }
    const jargon = JARGON.filter((p) => p.test(body)).map((p) => p.source);
    if (jargon.length) {
      problems.push(`README.md speaks to developers (${jargon.join(', ')}): the archive's README is for users.`);
    }
  }
  const changelog = inRoot.get('CHANGELOG.md');
  if (changelog && !/^#+ .*\d+\.\d+\.\d+/m.test(text(changelog))) {
    problems.push('CHANGELOG.md has no version heading.');
  }
  const license = inRoot.get('LICENSE');
  if (
    license &&
    !/(Apache License|MIT License|BSD|GNU (Affero )?General Public License|Mozilla Public License)/.test(text(license))
  ) {
    problems.push('LICENSE is not a recognised licence.');
  }
  return problems;
}
