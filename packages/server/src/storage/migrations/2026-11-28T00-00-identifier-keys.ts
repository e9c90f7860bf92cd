import type { Kysely } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Frozen in time: imports nothing from src/, runs unchanged on SQLite and PostgreSQL. The canonical forms
// below are copied, not imported, on purpose: what this migration wrote must not change when src/ does.

/**
 * One unique key per sign-in identifier (issue 9, item 6): `alice`, `ALICE` and full-width `ａｌｉｃｅ`
 * were three accounts, and two accounts could claim one phone. Keys: email and username NFKC +
 * case-folded, phone E.164 (national numbers with their country code, +86 when none was given).
 *
 * Existing rows are backfilled, oldest account first. When two existing accounts share a key, the oldest
 * keeps it and the later ones get none for that identifier (they can no longer sign in with it; any
 * other identifier they have still works): a squatter usually came second.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_key', 'varchar(254)').execute();
  await db.schema.alterTable('users').addColumn('username_key', 'varchar(320)').execute();
  await db.schema.alterTable('users').addColumn('phone_key', 'varchar(32)').execute();

  const rows: { id: string; email: string | null; username: string | null; phone: string | null; phone_country_code: string | null }[] =
    await db
      .selectFrom('users')
      .select(['id', 'email', 'username', 'phone', 'phone_country_code'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const taken = { email_key: new Set<string>(), username_key: new Set<string>(), phone_key: new Set<string>() };
  const claim = (column: keyof typeof taken, key: string | null) => {
    if (key === null || taken[column].has(key)) return null;
    taken[column].add(key);
    return key;
  };
  for (const row of rows) {
    const keys = {
      email_key: claim('email_key', row.email && canonical(row.email.trim())),
      username_key: claim('username_key', row.username && canonical(row.username.trim())),
      phone_key: claim('phone_key', row.phone && e164(row.phone, row.phone_country_code)),
    };
    if (keys.email_key || keys.username_key || keys.phone_key) {
      await db.updateTable('users').set(keys).where('id', '=', row.id).execute();
    }
  }

  // Not `users_email_key`: PostgreSQL already gave that name to the foundation's UNIQUE(email).
  await db.schema.createIndex('users_unique_email_key').unique().on('users').column('email_key').execute();
  await db.schema.createIndex('users_unique_username_key').unique().on('users').column('username_key').execute();
  await db.schema.createIndex('users_unique_phone_key').unique().on('users').column('phone_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['phone_key', 'username_key', 'email_key']) {
    await db.schema.dropIndex(`users_unique_${column}`).execute();
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}

/** NFKC, case fold (upper then lower), NFKC. */
function canonical(text: string): string {
  return text.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

function e164(phone: string, countryCode: string | null): string | null {
  const digits = phone.replace(/[\s\-().]/g, '');
  const code = (countryCode ?? '+86').trim().replace(/^\+/, '');
  const parsed = parsePhoneNumberFromString(digits.startsWith('+') ? digits : `+${code}${digits}`);
  return parsed?.isValid() ? parsed.number : null;
}
