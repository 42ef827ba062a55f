import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { RequestLogger, type ParentLogger } from './request-logger.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  // fastify's own pino, the logger the portal's requests hang off.
  return { lines, logger: Fastify({ logger: { level, stream } }).log as ParentLogger };
}

describe('a request logger', () => {
  it('writes the lines its level allows with the request bindings, and nothing below it', async () => {
    const { lines, logger } = capture('warn');
    let bound = 0;
    const log = new RequestLogger(logger, () => (bound++, { reqId: 'req-1', tenant: 'alpha' }));
    log.info('not written');
    log.debug({ a: 1 }, 'nor this');
    expect(bound).toBe(0);
    log.warn({ file: 'x.yaml' }, 'tenant file broken');
    log.error(new Error('boom'), 'failed');
    await new Promise((r) => setImmediate(r));
    expect(bound).toBe(1);
    expect(lines.map((l) => [l.msg, l.reqId, l.tenant])).toEqual([
      ['tenant file broken', 'req-1', 'alpha'],
      ['failed', 'req-1', 'alpha'],
    ]);
    expect(lines[0].file).toBe('x.yaml');
    expect((lines[1].err as { message: string }).message).toBe('boom');
  });

  it('hands out children that keep the request bindings, and follows a level changed on it', async () => {
    const { lines, logger } = capture('warn');
    const log = new RequestLogger(logger, () => ({ reqId: 'req-2' }));
    expect(log.level).toBe('warn');
    log.level = 'info';
    log.info('now written');
    log.child({ job: 'mail' }).warn('from a child');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.msg, l.reqId, l.job])).toEqual([
      ['now written', 'req-2', undefined],
      ['from a child', 'req-2', 'mail'],
    ]);
  });
});
