import { describe, expect, it } from 'vitest';
import { checkSubmission, parseReading, type SubmissionContext } from '../domain/check-reading.ts';

const ctx = (over: Partial<SubmissionContext> = {}): SubmissionContext => ({
  registers: ['total'],
  digits: 5,
  today: '2025-03-12',
  lastReadOn: '2025-02-10',
  previous: { total: { value: 1000, readOn: '2025-02-10' } },
  usualDaily: 1,
  factor: 3,
  ...over,
});

describe('the format of a reading', () => {
  it('takes digits, leading zeros included', () => {
    expect(parseReading(' 01234 ', 5)).toEqual({ value: 1234 });
    expect(parseReading('0000001234', 5)).toEqual({ value: 1234 });
  });

  it('refuses anything but digits, and more digits than the meter has', () => {
    for (const raw of ['12.345', '12,5', '-3', '1e3', '12 345', 'abc']) expect(parseReading(raw, 6)).toEqual({ problem: { code: 'digitsOnly' } });
    expect(parseReading('123456', 5)).toEqual({ problem: { code: 'tooManyDigits', digits: 5 } });
    expect(parseReading('', 5)).toEqual({ problem: { code: 'required' } });
  });
});

describe('a submitted reading against the history', () => {
  it('accepts a usual reading and tells the consumption since the last real one', () => {
    expect(checkSubmission({ total: '1030' }, ctx())).toEqual({ ok: true, values: { total: 1030 }, consumption: 30, daily: 30 / 30, implausible: false });
  });

  it('refuses a reading lower than the previous one and names that reading', () => {
    expect(checkSubmission({ total: '990' }, ctx())).toEqual({
      ok: false,
      problems: { total: { code: 'lowerThanPrevious', previous: 1000, previousOn: '2025-02-10' } },
      notAfter: null,
    });
  });

  it('accepts a lower reading when the meter rolled over', () => {
    const rolled = checkSubmission({ total: '00012' }, ctx({ previous: { total: { value: 99_985, readOn: '2025-02-10' } } }));
    expect(rolled).toMatchObject({ ok: true, values: { total: 12 }, consumption: 27 });
  });

  it('needs a confirmation for a consumption far from the usual one, above or below', () => {
    expect(checkSubmission({ total: '1200' }, ctx())).toMatchObject({ ok: true, implausible: true });
    expect(checkSubmission({ total: '1002' }, ctx())).toMatchObject({ ok: true, implausible: true });
    expect(checkSubmission({ total: '1089' }, ctx())).toMatchObject({ ok: true, implausible: false });
  });

  it('cannot judge plausibility without history, nor the floor without a previous reading', () => {
    expect(checkSubmission({ total: '5' }, ctx({ previous: {}, lastReadOn: null, usualDaily: null }))).toEqual({
      ok: true,
      values: { total: 5 },
      consumption: null,
      daily: null,
      implausible: false,
    });
  });

  it('refuses a reading dated on or before the last one on file', () => {
    expect(checkSubmission({ total: '1030' }, ctx({ lastReadOn: '2025-03-12' }))).toMatchObject({ ok: false, notAfter: '2025-03-12' });
  });

  it('checks each register and adds them up', () => {
    const two = ctx({
      registers: ['peak', 'offpeak'],
      previous: { peak: { value: 500, readOn: '2025-02-10' }, offpeak: { value: 800, readOn: '2025-02-10' } },
    });
    expect(checkSubmission({ peak: '510', offpeak: '790' }, two)).toMatchObject({ ok: false, problems: { offpeak: { code: 'lowerThanPrevious', previous: 800 } } });
    expect(checkSubmission({ peak: '510', offpeak: '' }, two)).toMatchObject({ ok: false, problems: { offpeak: { code: 'required' } } });
    expect(checkSubmission({ peak: '515', offpeak: '830' }, two)).toMatchObject({ ok: true, consumption: 45, implausible: false });
  });
});
