import type { PublicAppJSON } from './api.js';

/** What every screen gets: the app, how to (re)draw, and where a completed sign-in goes. */
export interface PageContext {
  app: PublicAppJSON;
  /** Draws a screen now and again whenever the language changes. */
  render(draw: () => void): void;
  /** A sign-in completed (the session cookie is set): the account page, or back to an OIDC client. */
  signedIn(): void;
}
