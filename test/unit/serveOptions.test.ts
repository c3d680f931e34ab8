import { describe, expect, it } from 'vitest';
import { parseServeOptions } from '../../src-main/hosts/serveOptions';
import { isLoopback } from '../../src-main/hosts/webHost';

const TOKEN = 'a-token-of-24-characters';
const OTHER_TOKEN = 'another-token-that-is-long';

describe('parseServeOptions', () => {
  it('defaults to 127.0.0.1:8787 with no token', () => {
    expect(parseServeOptions([], {})).toEqual({ host: '127.0.0.1', port: 8787, token: undefined });
  });

  it('reads GCS_HOST, GCS_PORT and GCS_TOKEN', () => {
    expect(
      parseServeOptions([], { GCS_HOST: '0.0.0.0', GCS_PORT: '9000', GCS_TOKEN: TOKEN }),
    ).toEqual({
      host: '0.0.0.0',
      port: 9000,
      token: TOKEN,
    });
  });

  it('lets flags override the environment, long and short forms', () => {
    const env = { GCS_HOST: '0.0.0.0', GCS_PORT: '9000', GCS_TOKEN: TOKEN };
    expect(
      parseServeOptions(['--host', 'localhost', '--port', '9100', '--token', OTHER_TOKEN], env),
    ).toEqual({
      host: 'localhost',
      port: 9100,
      token: OTHER_TOKEN,
    });
    expect(parseServeOptions(['-h', '::1', '-p', '9200'], env)).toEqual({
      host: '::1',
      port: 9200,
      token: TOKEN,
    });
    expect(parseServeOptions(['--port=9300'], env).port).toBe(9300);
  });

  it('takes port 0 (any free port) and 65535', () => {
    expect(parseServeOptions(['--port', '0'], {}).port).toBe(0);
    expect(parseServeOptions(['--port', '65535'], {}).port).toBe(65535);
  });

  it('treats an empty GCS_TOKEN as no token', () => {
    expect(parseServeOptions([], { GCS_TOKEN: '' }).token).toBeUndefined();
  });

  it('rejects a token shorter than 16 characters, from a flag or the environment', () => {
    expect(() => parseServeOptions(['--token', 'x'.repeat(15)], {})).toThrow(/token.*16/);
    expect(() => parseServeOptions([], { GCS_TOKEN: 'short' })).toThrow(/token/);
    expect(parseServeOptions(['--token', 'x'.repeat(16)], {}).token).toBe('x'.repeat(16));
  });

  it.each([['70000'], ['-1'], ['http'], ['80.5']])('rejects port %s', (port) => {
    expect(() => parseServeOptions(['--port', port], {})).toThrow(/port/);
  });

  it('rejects an empty host', () => {
    expect(() => parseServeOptions(['--host', ''], {})).toThrow(/host/);
  });

  it('rejects unknown flags and positionals', () => {
    expect(() => parseServeOptions(['--verbose'], {})).toThrow();
    expect(() => parseServeOptions(['--tokn', TOKEN], {})).toThrow();
    expect(() => parseServeOptions(['serve'], {})).toThrow();
  });

  // Regression test for a fixed bug (src-main/hosts/serveOptions.ts, `port: values.port ?? env['GCS_PORT'] ?? 8787`): an
  // empty GCS_PORT is coerced by z.coerce.number to 0, so `GCS_PORT= npm run serve` binds a
  // random port instead of 8787, while an empty GCS_TOKEN (same function) and every empty GCS_*
  // variable in configFromEnv count as unset.
  it('treats an empty GCS_PORT as unset (default 8787)', () => {
    expect(parseServeOptions([], { GCS_PORT: '' }).port).toBe(8787);
  });
});

describe('isLoopback', () => {
  it.each(['localhost', '127.0.0.1', '127.0.0.53', '127.255.255.254', '::1', '[::1]'])(
    '%s is loopback',
    (host) => {
      expect(isLoopback(host)).toBe(true);
    },
  );

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.10',
    '10.0.0.1',
    '128.0.0.1',
    '1127.0.0.1',
    '127.0.0.1.example.com',
    '127.0.0',
    'localhost.example.com',
    'example.com',
    '',
  ])('%j is not loopback', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
