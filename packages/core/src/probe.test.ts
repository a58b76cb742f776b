import { describe, expect, it } from 'vitest';
import { MeasurementBuilder } from './probe.js';

describe('MeasurementBuilder', () => {
  it('keeps non-finite metrics out of the results (JSON would write null) and names them in a note', () => {
    const measurement = new MeasurementBuilder().metric('growth', Number.POSITIVE_INFINITY, 'log10').metric('loss', Number.NaN, 'nats').metric('ok', 2, '1').build();
    expect(measurement.metrics).toEqual({ ok: 2 });
    expect(measurement.units).toEqual({ ok: '1' });
    expect(measurement.notes).toEqual(['growth is Infinity, so it is not recorded as a metric', 'loss is NaN, so it is not recorded as a metric']);
  });
});
