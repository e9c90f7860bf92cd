import { Type, type StringOptions, type TSchema } from '@sinclair/typebox';

/**
 * The building blocks of every request field a client types: bounded, and the same limits on every
 * database (issue 9, item 8). PostgreSQL refuses a NUL byte in a text value, SQLite stores it; so the
 * schema refuses it first, with the other control characters no identifier, code or name needs.
 */

/** No C0 control character (NUL included) and no DEL. */
export const NO_CONTROL_CHARACTERS_PATTERN = '^[^\\u0000-\\u001f\\u007f]*$';

/** A request string without control characters. Give every one a maxLength. */
export const InputText = (options: StringOptions & { maxLength: number }) =>
  Type.String({ pattern: NO_CONTROL_CHARACTERS_PATTERN, ...options });

/** How deep the free-form JSON of a request (e.g. a sign-up profile's `customData`) may nest. */
export const MAX_JSON_DEPTH = 4;
const MAX_JSON_ITEMS = 100;
const MAX_JSON_TEXT_LENGTH = 2048;

/**
 * Any JSON value nested at most `depth` levels, with bounded arrays, objects and strings. Without a bound
 * a 30,000-deep array passes validation (an open object is never descended into) and overflows the stack
 * where it is serialised for storage. Validation stops at the bound, so its cost is bounded too.
 */
export function BoundedJson(depth: number = MAX_JSON_DEPTH): TSchema {
  const scalars: TSchema[] = [
    InputText({ maxLength: MAX_JSON_TEXT_LENGTH }),
    Type.Number(),
    Type.Boolean(),
    Type.Null(),
  ];
  if (depth === 0) return Type.Union(scalars);
  const inner = BoundedJson(depth - 1);
  return Type.Union([
    ...scalars,
    Type.Array(inner, { maxItems: MAX_JSON_ITEMS }),
    Type.Record(Type.String(), inner, { maxProperties: MAX_JSON_ITEMS }),
  ]);
}
