import { describe, expect, test } from 'vitest';
import type { AppRecord, AppRepository } from '../../src/domain/ports.js';
import { cacheAppLookups } from '../../src/storage/cached-app-repository.js';

function countingRepository(app: AppRecord) {
  const calls = { findById: 0 };
  let current: AppRecord | undefined = app;
  const repository = {
    async findById(appId: string) {
      calls.findById += 1;
      return current?.id === appId ? current : undefined;
    },
    async updateMfaSettings(_appId: string, changes: Partial<AppRecord>) {
      current = { ...current!, ...changes };
      return current;
    },
  } as unknown as AppRepository;
  return { repository, calls, replace: (next: AppRecord | undefined) => (current = next) };
}

const app: AppRecord = {
  id: 'a1',
  name: 'App',
  secretHash: 'h',
  tokenEndpointAuthMethod: 'client_secret_post',
  enabledFactors: ['OTP'],
  mfaPolicy: 'if-enrolled',
  createdAt: 0,
} as AppRecord;

describe('application lookup cache', () => {
  test('reuses a found application within the TTL', async () => {
    let now = 0;
    const { repository, calls } = countingRepository(app);
    const cached = cacheAppLookups(repository, 5, () => now);
    await cached.findById('a1');
    now = 4_999;
    expect(await cached.findById('a1')).toEqual(app);
    expect(calls.findById).toBe(1);
  });

  test('looks the application up again after the TTL, seeing a change made elsewhere', async () => {
    let now = 0;
    const { repository, replace } = countingRepository(app);
    const cached = cacheAppLookups(repository, 5, () => now);
    await cached.findById('a1');
    replace({ ...app, enabledFactors: ['SMS'] });
    now = 5_001;
    expect((await cached.findById('a1'))?.enabledFactors).toEqual(['SMS']);
  });

  test('never caches an unknown id, so a newly created app works at once', async () => {
    const { repository, calls, replace } = countingRepository(app);
    const cached = cacheAppLookups(repository, 5, () => 0);
    replace(undefined);
    expect(await cached.findById('a1')).toBeUndefined();
    replace(app);
    expect(await cached.findById('a1')).toEqual(app);
    expect(calls.findById).toBe(2);
  });

  test('an update through this process applies at once', async () => {
    const { repository } = countingRepository(app);
    const cached = cacheAppLookups(repository, 5, () => 0);
    await cached.findById('a1');
    await cached.updateMfaSettings('a1', { mfaPolicy: 'required' });
    expect((await cached.findById('a1'))?.mfaPolicy).toBe('required');
  });

  test('a TTL of 0 turns the cache off', () => {
    const { repository } = countingRepository(app);
    expect(cacheAppLookups(repository, 0)).toBe(repository);
  });
});
