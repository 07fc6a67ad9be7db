/**
 * What the longest main-thread task of a traced page load spent its time on, from a Chromium trace
 * (devtools.timeline events and the V8 CPU profiler's samples): the task's length, its self time
 * by kind of work (script, style and layout, paint, garbage collection) and the functions the
 * samples were in, by self time.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** The module a frame's code comes from (e.g. `@grafana/data/…/CircularVector.mjs`), when known. */
export type ModuleOf = (url: string, line: number, column: number) => string | undefined;

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      startTime?: number;
      cpuProfile?: {
        nodes?: Array<{
          id: number;
          parent?: number;
          callFrame: CallFrame;
        }>;
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

export interface TaskProfile {
  durationMs: number;
  /** Start of the task after the mount, ms. */
  startMs: number;
  /** Self time by kind of work, ms. */
  kinds: Record<string, number>;
  /** Functions by self time in the task's samples (share of the samples). */
  topFunctions: Array<{ name: string; share: number }>;
  /** Samples by where the code comes from: the host bundle (React, @grafana/ui, …), the plugin's chunks, V8 itself. */
  sources: Record<string, number>;
  samples: number;
}

const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

function kindOf(name: string): string {
  if (/^(MinorGC|MajorGC|V8\.GC|BlinkGC|ThreadState::|CppGC)/.test(name)) {
    return 'garbage collection';
  }
  if (
    /^(UpdateLayoutTree|Layout|RecalculateStyles|ParseAuthorStyleSheet|InvalidateLayout|ScheduleStyleRecalculation)$/.test(
      name
    )
  ) {
    return 'style and layout';
  }
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|UpdateLayerTree|CompositeLayers|Commit|PaintImage|Decode)/.test(name)) {
    return 'paint';
  }
  if (
    /^(FunctionCall|EvaluateScript|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|XHR|v8\.|V8\.|CompileScript|CompileCode)/.test(
      name
    )
  ) {
    return 'script';
  }
  if (name === 'ParseHTML') {
    return 'HTML parsing';
  }
  return 'other';
}

function sourceOf(url: string, functionName: string): string {
  if (!url) {
    return functionName.startsWith('(') ? `V8 ${functionName}` : 'built-ins (canvas, DOM, JSON, …)';
  }
  const plugin = /\/public\/plugins\/([^/]+)\/([^?]+)/.exec(url);
  if (plugin) {
    return `plugin ${plugin[1]}/${plugin[2]}`;
  }
  if (url.includes('/host/')) {
    return 'Grafana runtime (host bundle: React, @grafana/ui, @grafana/data, …)';
  }
  return url;
}

/**
 * The longest task on the renderer's main thread between the page's `perfscope-bench-start` and
 * `perfscope-bench-end` marks, broken down; undefined when the trace holds no such task.
 */
export function profileLongestTask(trace: Buffer, moduleOf: ModuleOf = () => undefined): TaskProfile | undefined {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const start = events.find((e) => e.name === 'perfscope-bench-start');
  const end = events.find((e) => e.name === 'perfscope-bench-end');
  if (!start) {
    return undefined;
  }
  const { pid, tid } = start;
  const onMain = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined);
  const until = end?.ts ?? Infinity;
  const task = onMain
    .filter((e) => TASKS.has(e.name) && e.ts >= start.ts && e.ts < until)
    .reduce<TraceEvent | undefined>((a, e) => (!a || (e.dur ?? 0) > (a.dur ?? 0) ? e : a), undefined);
  if (!task) {
    return undefined;
  }
  const taskEnd = task.ts + (task.dur ?? 0);

  // Self time of each event inside the task: its duration less that of the events nested in it.
  const inside = onMain
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= taskEnd)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const kinds: Record<string, number> = {};
  const stack: Array<{ event: TraceEvent; self: number }> = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1].event.ts + (stack[stack.length - 1].event.dur ?? 0) <= upTo) {
      const { event, self } = stack.pop()!;
      const kind = kindOf(event.name);
      kinds[kind] = (kinds[kind] ?? 0) + self / 1000;
    }
  };
  let nested = 0;
  for (const event of inside) {
    close(event.ts);
    if (stack.length) {
      stack[stack.length - 1].self -= event.dur ?? 0;
    } else {
      nested += event.dur ?? 0;
    }
    stack.push({ event, self: event.dur ?? 0 });
  }
  close(Infinity);
  kinds['task itself (scheduling, not in a nested event)'] = ((task.dur ?? 0) - nested) / 1000;

  // The CPU profiler's samples of this thread within the task.
  const counts = new Map<string, number>();
  const sources: Record<string, number> = {};
  let samples = 0;
  const ofProcess = events.filter((e) => e.name === 'Profile' && e.pid === pid);
  const ofThread = ofProcess.filter((e) => e.tid === tid);
  const profiles = ofThread.length ? ofThread : ofProcess;
  for (const profile of profiles) {
    const nodes = new Map<number, CallFrame>();
    let t = profile.args?.data?.startTime ?? 0;
    for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id && e.pid === pid)) {
      for (const node of chunk.args?.data?.cpuProfile?.nodes ?? []) {
        nodes.set(node.id, node.callFrame);
      }
      const ids = chunk.args?.data?.cpuProfile?.samples ?? [];
      const deltas = chunk.args?.data?.timeDeltas ?? [];
      ids.forEach((id, i) => {
        t += deltas[i] ?? 0;
        if (t < task.ts || t > taskEnd) {
          return;
        }
        const frame = nodes.get(id);
        if (!frame || frame.functionName === '(idle)') {
          return;
        }
        const file = frame.url ? frame.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '') : '';
        const where = frame.url
          ? (moduleOf(frame.url, frame.lineNumber, frame.columnNumber) ?? `${file}:${frame.lineNumber + 1}`)
          : '';
        const name = `${frame.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const source = sourceOf(frame.url, frame.functionName);
        sources[source] = (sources[source] ?? 0) + 1;
        samples++;
      });
    }
  }
  const topFunctions = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, n]) => ({ name, share: n / samples }));
  for (const key of Object.keys(sources)) {
    sources[key] /= samples;
  }
  return {
    durationMs: (task.dur ?? 0) / 1000,
    startMs: (task.ts - start.ts) / 1000,
    kinds,
    topFunctions,
    sources,
    samples,
  };
}
