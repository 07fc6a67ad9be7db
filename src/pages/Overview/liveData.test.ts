import { Subject, firstValueFrom, toArray, take } from 'rxjs';
import { type DataQueryResponse, FieldType, LoadingState, createDataFrame } from '@grafana/data';
import { lastSeconds, runToPanelData } from './liveData';

const frame = (refId: string) =>
  createDataFrame({ refId, fields: [{ name: 'v', type: FieldType.number, values: [1] }] });

describe('lastSeconds', () => {
  it('asks for the last N seconds with an interval that fits the points', () => {
    const request = lastSeconds([{ refId: 'A' }], 600, 1_700_000_000_000, 600);
    expect(request.range.to.valueOf() - request.range.from.valueOf()).toBe(600_000);
    expect(request.intervalMs).toBe(1000);
    expect(request.targets).toEqual([{ refId: 'A' }]);
  });
});

describe('runToPanelData', () => {
  it('is loading until every live query has answered once', async () => {
    const responses = new Subject<DataQueryResponse>();
    const datas = firstValueFrom(
      runToPanelData({ query: () => responses }, lastSeconds([{ refId: 'A' }, { refId: 'B' }], 60)).pipe(
        take(2),
        toArray()
      )
    );
    responses.next({ key: 'A', state: LoadingState.Streaming, data: [frame('A')] });
    responses.next({ key: 'B', state: LoadingState.Streaming, data: [] });
    const [first, second] = await datas;
    expect(first.state).toBe(LoadingState.Loading);
    expect(second.state).toBe(LoadingState.Streaming);
  });

  it('keeps the latest frames of each stream and says it is streaming', async () => {
    const responses = new Subject<DataQueryResponse>();
    const datas = firstValueFrom(
      runToPanelData({ query: () => responses }, lastSeconds([{ refId: 'A' }], 60)).pipe(take(3), toArray())
    );
    responses.next({ key: 'A', state: LoadingState.Streaming, data: [frame('A')] });
    responses.next({ key: 'B', state: LoadingState.Streaming, data: [frame('B')] });
    responses.next({ key: 'A', state: LoadingState.Streaming, data: [frame('A2')], errors: [{ message: 'x' }] });
    const [, second, third] = await datas;
    expect(second.series.map((f) => f.refId)).toEqual(['A', 'B']);
    expect(third.series.map((f) => f.refId)).toEqual(['A2', 'B']);
    expect(third.errors).toEqual([{ message: 'x' }]);
    expect(third.state).toBe(LoadingState.Streaming);
    // The request goes with the data, as in Grafana: panels keep their tiles in the queries' order.
    expect(third.request?.targets.map((t) => t.refId)).toEqual(['A']);
  });

  it('turns a failed query into error panel data', async () => {
    const data = await firstValueFrom(
      runToPanelData(
        { query: () => Promise.reject(new Error('Unauthorized (401)')) },
        lastSeconds([{ refId: 'A' }], 60)
      )
    );
    expect(data).toMatchObject({ state: LoadingState.Error, errors: [{ message: 'Unauthorized (401)' }] });
  });
});
