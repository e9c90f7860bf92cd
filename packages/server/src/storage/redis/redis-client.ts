import { Redis } from 'ioredis';

export interface RedisOptions {
  /** redis://[:password@]host:port[/db] or rediss:// */
  url: string;
  /** Prepended to every key, so deployments (or test runs) can share one Redis. */
  keyPrefix: string;
  /** Told about connection errors between commands; a command on a lost connection fails on its own. */
  onConnectionError?: (error: Error) => void;
}

/** How long one command may take before it fails (and the request answers 503) instead of hanging. */
const COMMAND_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** Reconnects back off up to this, forever: the service recovers on its own when Redis returns. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * Connects, failing fast while Redis is away: no offline queue (a command on a lost connection fails at
 * once) and one retry per command, so a request answers 503 instead of waiting (DUR-04). The client keeps
 * reconnecting in the background.
 */
export async function openRedis(options: RedisOptions): Promise<Redis> {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
  });
  redis.on('error', options.onConnectionError ?? (() => undefined));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot connect to Redis at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  return redis;
}

/**
 * A Lua script run atomically by Redis (EVALSHA, loaded on first use), with its keys prefixed like any
 * other command's.
 */
export function defineScript(redis: Redis, name: string, numberOfKeys: number, lua: string) {
  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
  return (keys: string[], args: (string | number)[]) => commands[name]!.call(redis, ...keys, ...args);
}

/** True when Redis answers PING. */
export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
