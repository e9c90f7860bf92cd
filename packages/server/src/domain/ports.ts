/**
 * The ports the domain needs from the edges, grouped by what they hold. Storage, delivery and crypto
 * adapters implement them; each storage method is named for the atomic guarantee it must give, and none
 * decides policy.
 */
export * from './ports/clock-and-random.js';
export * from './ports/crypto.js';
export * from './ports/tokens.js';
export * from './ports/identity.js';
export * from './ports/factors.js';
export * from './ports/challenges.js';
export * from './ports/sessions.js';
export * from './ports/budget.js';
export * from './ports/audit.js';
export * from './ports/delivery.js';
export * from './ports/unit-of-work.js';
export * from './ports/keys.js';
export * from './ports/events.js';
export * from './ports/refresh-tokens.js';
export * from './ports/authorization-codes.js';
export * from './ports/management.js';
export * from './ports/passkeys.js';
export * from './ports/face.js';
