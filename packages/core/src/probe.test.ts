import { describe, expect, it } from 'vitest';
import { defineNames, MeasurementBuilder, type MeasurementNames } from './probe.js';

describe('MeasurementBuilder', () => {
  it('keeps non-finite metrics out of the results (JSON would write null) and names them in a note', () => {
    const measurement = new MeasurementBuilder().metric('growth', Number.POSITIVE_INFINITY, 'log10').metric('loss', Number.NaN, 'nats').metric('ok', 2, '1').build();
    expect(measurement.metrics).toEqual({ ok: 2 });
    expect(measurement.units).toEqual({ ok: '1' });
    expect(measurement.notes).toEqual(['growth is Infinity, so it is not recorded as a metric', 'loss is NaN, so it is not recorded as a metric']);
  });

  it('given names without units, writes them as spelled with the unit given beside each value, and accepts no other (typecheck fails on the @ts-expect-error lines otherwise)', () => {
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

  it('given names from defineNames, takes each unit from the declaration, a family\'s too, and a unit only where the declaration leaves it to the value', () => {
    const NAMES = defineNames({
      metrics: {
        loss: { name: 'loss-final', unit: 'nats' },
        timing: { name: (task: 'forward' | 'step') => `${task}-mean` as const, unit: 'ms' },
        score: { name: (score: string) => `${score}-final` as const, unit: null },
      },
      series: { norm: { name: 'stream-norm', unit: '1' } },
      labels: { verdict: 'verdict' },
    });
    expect(NAMES.metrics.loss).toBe('loss-final');
    expect(NAMES.metrics.timing('step')).toBe('step-mean');
    const measurement = new MeasurementBuilder(NAMES)
      .metric(NAMES.metrics.loss, 1)
      .metric(NAMES.metrics.timing('step'), 2)
      .metric(NAMES.metrics.score('boundary-f1'), 0.5, '1')
      .series(NAMES.series.norm, [3])
      .label(NAMES.labels.verdict, 'healthy')
      .build();
    expect(measurement.metrics).toEqual({ 'loss-final': 1, 'step-mean': 2, 'boundary-f1-final': 0.5 });
    expect(measurement.units).toEqual({ 'loss-final': 'nats', 'step-mean': 'ms', 'boundary-f1-final': '1', 'stream-norm': '1' });
    // Listed with their units, a family spelt with * for its argument.
    expect(NAMES.units.metrics).toEqual({ 'loss-final': 'nats', '*-mean': 'ms', '*-final': null });
    expect(NAMES.units.series).toEqual({ 'stream-norm': '1' });

    const typed = new MeasurementBuilder(NAMES);
    // @ts-expect-error the unit is declared: it is not given again
    expect(() => typed.series(NAMES.series.norm, [0], 'bits')).toThrowError('\'stream-norm\' is declared in "1", but was given "bits".');
    // Where a family given its units per value spells a declared name too (loss-final is a *-final), the type
    // lets a unit through: the builder refuses a different one.
    expect(() => typed.metric(NAMES.metrics.loss, 0, 'bits')).toThrowError('\'loss-final\' is declared in "nats", but was given "bits".');
    // @ts-expect-error a value of a family declared unit: null needs its unit
    expect(() => typed.metric(NAMES.metrics.score('iou'), 0)).toThrowError("'iou-final' has no unit: declare it with defineNames, or give one with the value.");
    // @ts-expect-error a misspelt metric (and undeclared, so it has no unit either)
    expect(() => typed.metric('loss-fnal', 0)).toThrowError("'loss-fnal' has no unit: declare it with defineNames, or give one with the value.");
  });

  it('lets a family whose values bring their unit spell a name declared with one: that unit stands', () => {
    const names = defineNames({ metrics: { accuracy: { name: 'accuracy-final', unit: '1' }, score: { name: (task: string) => `${task}-final` as const, unit: null } } });
    expect(names.metrics.score('accuracy')).toBe('accuracy-final');
    expect(names.units.of('accuracy-final')).toBe('1');
  });

  it('refuses one name declared in two units', () => {
    expect(() => defineNames({ metrics: { a: { name: 'x', unit: '1' } }, series: { b: { name: 'x', unit: 'ms' } } })).toThrowError('\'x\' is declared in "1" and in "ms": one name, one unit.');
  });
});
