import { setImmediate as nextTurn } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { createRequestLog, type RequestLine } from '../../src/observability/request-log.js';

/** The request log line (observability/request-log.ts): pino's shape, written once per event-loop turn. */
function capture(level: pino.Level) {
  const writes: string[] = [];
  const logger = pino({ level }, { write: (chunk: string) => void writes.push(chunk) });
  return { writes, logger, log: createRequestLog(logger) };
}

const line = (reqId: string, appId: string | null = 'app-1'): RequestLine => ({ reqId, route: '/api/v3/get-factor', method: 'GET', status: 200, ms: 1.3, appId });

describe('request log', () => {
  test('each line is a JSON object as pino writes it: level, time, pid, hostname, request fields and the message', async () => {
    const { writes, logger, log } = capture('info');
    log(line('req-"quoted"', null));
    logger.info({ reqId: 'req-pino', route: '/api/v3/get-factor', method: 'GET', status: 200, ms: 1.3, appId: null }, 'request completed');
    await nextTurn();
    const [ours, pinos] = [JSON.parse(writes[1]!), JSON.parse(writes[0]!)];
    expect(Object.keys(ours).sort()).toEqual(Object.keys(pinos).sort());
    expect(ours).toMatchObject({ level: 30, pid: process.pid, hostname: pinos.hostname, reqId: 'req-"quoted"', appId: null, msg: 'request completed' });
    expect(typeof ours.time).toBe('number');
  });

  test('the lines of one event-loop turn go out in one write', async () => {
    const { writes, log } = capture('info');
    for (let i = 0; i < 5; i++) log(line(`req-${i}`));
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.trimEnd().split('\n').map((text) => JSON.parse(text).reqId)).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4']);
  });

  test('at debug each line is written at once (a crash loses none)', () => {
    const { writes, log } = capture('debug');
    log(line('req-1'));
    expect(writes).toHaveLength(1);
  });

  test('above info nothing is written', async () => {
    const { writes, log } = capture('warn');
    log(line('req-1'));
    await nextTurn();
    expect(writes).toEqual([]);
  });
});
