import { describe, expect, it } from 'vitest';
import { createLogger, redact, withLogContext } from './log.ts';

const KEY = 'bc_Zk3Q9v1uT0pR7sW2yX5aB8cD4eF6gH1jK0lM3nP9qR2';
const LLM_KEY = 'sk-proj-4f9A8b7C6d5E4f3G2h1I0jKlMnOpQr';

const capture = () => {
  const lines: string[] = [];
  return { lines, log: createLogger('debug', (l) => void lines.push(l)) };
};

describe('log', () => {
  it('never writes a key, a password, a token or an e-mail address, at any depth or inside text', () => {
    const { lines, log } = capture();
    log.error('call failed for Bearer ' + KEY, {
      headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY },
      databaseUrl: 'postgres://billing:s3cr3t-pw@db.internal:5432/billing',
      note: `retried with ${KEY} against postgres://billing:s3cr3t-pw@db.internal/billing and ${LLM_KEY}`,
      config: {
        LLM_API_KEY: LLM_KEY,
        AUDIT_CHECKPOINT_KEY: 'k'.repeat(40),
        DATABASE_URL: 'postgres://u:s3cr3t-pw@h/d',
      },
      contact: { email: 'ann.smith@client.example', phone: '+31 6 1234 5678', iban: 'NL91ABNA0417164300' },
      message: 'mail to ann.smith@client.example bounced',
      error: new Error(`auth failed: password=s3cr3t-pw key=${KEY}`),
      nested: [{ deeper: { password: 's3cr3t-pw', token: 'tok-123456789' } }],
    });
    const out = lines.join('');
    for (const secret of [
      KEY,
      LLM_KEY,
      's3cr3t-pw',
      'k'.repeat(40),
      'ann.smith',
      '1234 5678',
      'NL91ABNA',
      'tok-123456789',
    ])
      expect(out).not.toContain(secret);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      msg: 'call failed for Bearer ***',
      databaseUrl: '***',
      contact: { email: '***' },
    });
  });

  it('puts the request or job id of the work in progress on every line, across awaits', async () => {
    const { lines, log } = capture();
    await withLogContext({ requestId: 'req-1' }, async () => {
      log.info('first');
      await new Promise((r) => setTimeout(r, 1));
      log.child({ part: 'x' }).warn('second');
    });
    await withLogContext({ jobId: 'job-9', queue: 'document.process' }, async () => log.info('third'));
    log.info('outside');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).map(({ time: _, ...rest }) => rest)).toEqual([
      { level: 'info', requestId: 'req-1', msg: 'first' },
      { level: 'warn', requestId: 'req-1', part: 'x', msg: 'second' },
      { level: 'info', jobId: 'job-9', queue: 'document.process', msg: 'third' },
      { level: 'info', msg: 'outside' },
    ]);
  });

  it('keeps what is neither secret nor personal', () => {
    expect(redact({ documentId: 'd-1', status: 422, path: '/invoices/INV-1', queue: 'document.process' })).toEqual({
      documentId: 'd-1',
      status: 422,
      path: '/invoices/INV-1',
      queue: 'document.process',
    });
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => void lines.push(l));
    log.info('hidden');
    log.debug('hidden');
    log.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
