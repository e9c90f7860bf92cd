import type { Migration } from 'kysely';
import * as foundation from './2026-11-27T00-00-foundation.js';

/** Every migration, by name; names sort in the order they apply. Add new ones, never edit old ones. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27T00-00-foundation': foundation,
};
