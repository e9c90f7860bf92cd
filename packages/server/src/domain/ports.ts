/**
 * The ports the domain needs from the edges. Storage, delivery and crypto adapters implement them;
 * each storage method is named for the atomic guarantee it must give.
 */
export * from './ports/runtime.js';
export * from './ports/records.js';
export * from './ports/storage.js';
export * from './ports/delivery.js';
export * from './ports/mfa-sign-in.js';
