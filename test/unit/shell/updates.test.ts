import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPDATE_SETTINGS_FILE, updateSource } from '../../../src-main/shell/updates';

describe('where updates come from', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'gcs-updates-')));

  it('is nowhere by default: updates are off', () => {
    expect(updateSource({}, fresh())).toEqual({ url: null });
  });

  it('is the server GCS_UPDATE_URL names, which wins over the settings file', () => {
    fresh();
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), JSON.stringify({ url: 'https://b.internal/' }));
    expect(updateSource({ GCS_UPDATE_URL: ' https://a.internal/gcs/ ' }, dir)).toEqual({
      url: 'https://a.internal/gcs/',
      from: 'GCS_UPDATE_URL',
    });
    expect(updateSource({}, dir)).toEqual({
      url: 'https://b.internal/',
      from: UPDATE_SETTINGS_FILE,
    });
  });

  it('stays off, saying why, when the setting is wrong', () => {
    fresh();
    expect(updateSource({ GCS_UPDATE_URL: 'ftp://x.internal/' }, dir)).toMatchObject({
      url: null,
      error: expect.stringMatching(/^GCS_UPDATE_URL: .*http/),
    });
    expect(updateSource({ GCS_UPDATE_URL: 'not a url' }, dir).url).toBeNull();
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), '{"url": ');
    expect(updateSource({}, dir)).toEqual({
      url: null,
      error: `${UPDATE_SETTINGS_FILE} is not JSON`,
    });
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), JSON.stringify({ url: 'http://ok/', extra: 1 }));
    expect(updateSource({}, dir)).toMatchObject({
      url: null,
      error: expect.stringContaining(UPDATE_SETTINGS_FILE),
    });
  });
});
