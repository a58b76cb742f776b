import { describe, expect, it } from 'vitest';
import { MeasurementBuilder, type MeasurementNames } from './probe.js';

describe('MeasurementBuilder', () => {
  it('keeps non-finite metrics out of the results (JSON would write null) and names them in a note', () => {
    const measurement = new MeasurementBuilder().metric('growth', Number.POSITIVE_INFINITY, 'log10').metric('loss', Number.NaN, 'nats').metric('ok', 2, '1').build();
    expect(measurement.metrics).toEqual({ ok: 2 });
    expect(measurement.units).toEqual({ ok: '1' });
    expect(measurement.notes).toEqual(['growth is Infinity, so it is not recorded as a metric', 'loss is NaN, so it is not recorded as a metric']);
  });

  it('given declared names, writes them as spelled and accepts no other (typecheck fails on the @ts-expect-error lines otherwise)', () => {
    const NAMES = {
      metrics: { loss: 'loss-final', timing: (task: 'forward' | 'step') => `${task}-mean` as const },
      series: { norm: 'stream-norm' },
      labels: { verdict: 'verdict' },
    } as const satisfies MeasurementNames;
    const measurement = new MeasurementBuilder(NAMES)
      .metric(NAMES.metrics.loss, 1, 'nats')
      .metric(NAMES.metrics.timing('step'), 2, 'ms')
      .series(NAMES.series.norm, [3], '1')
      .label(NAMES.labels.verdict, 'healthy')
      .build();
    expect(measurement.metrics).toEqual({ 'loss-final': 1, 'step-mean': 2 });
    expect(measurement.series).toEqual({ 'stream-norm': [3] });
    expect(measurement.units).toEqual({ 'loss-final': 'nats', 'step-mean': 'ms', 'stream-norm': '1' });
    expect(measurement.labels).toEqual({ verdict: 'healthy' });

    const typed = new MeasurementBuilder(NAMES);
    // @ts-expect-error a misspelt metric
    typed.metric('loss-fnal', 0, 'nats');
    // @ts-expect-error a family's name for a task it does not have
    typed.metric('backward-mean', 0, 'ms');
    // @ts-expect-error a metric name is not a series name
    typed.series('loss-final', [], '1');
    // @ts-expect-error a misspelt label
    typed.label('verdikt', 'healthy');
  });
});
