import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The V3 response envelope (spec §1). Every `/api/v3/*` answer is HTTP 200 carrying one of these;
 * `statusCode` 200 is the only success value.
 */
export const EnvelopeBaseSchema = Type.Object({
  statusCode: Type.Integer({ description: 'Business status; 200 is the only success value' }),
  message: Type.String({ description: 'Human-readable text, in the language chosen by x-authing-lang' }),
  apiCode: Type.Optional(Type.Integer({ description: 'Finer business code, present on failures' })),
  requestId: Type.Optional(Type.String({ description: 'Request id, also written to the server log' })),
});

/** Envelope of a successful answer carrying `data`. */
export function EnvelopeSchema<T extends TSchema>(data: T) {
  return Type.Composite([EnvelopeBaseSchema, Type.Object({ data: Type.Optional(data) })]);
}

export type EnvelopeBase = Static<typeof EnvelopeBaseSchema>;
/** An envelope whose `data` has type T (absent on failures). */
export type Envelope<T> = EnvelopeBase & { data?: T };

/** The envelope of a failure: no `data` unless the failure carries details (e.g. a retry delay). */
export const ErrorEnvelopeSchema = Type.Composite([
  EnvelopeBaseSchema,
  Type.Object({ data: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
]);
