import { get, useApp, type PublicAppJSON } from './api.js';
import type { PageContext } from './context.js';
import { h, showScreen } from './dom.js';
import { language, setLanguage, t, type Language } from './i18n.js';
import { showAccount } from './screens/account.js';
import { showSignIn } from './screens/sign-in.js';

/**
 * The hosted page: one script for every screen. It asks which app it signs in to (`?app_id=`, else the
 * default app), then shows the account page when the session cookie is live, the sign-in otherwise.
 */
let redraw: (() => void) | undefined;

function applyLanguage(): void {
  setLanguage(language());
  document.querySelector('.skip-link')!.textContent = t('skipLink');
  document.getElementById('language-label')!.textContent = t('language');
  const select = document.getElementById('language') as HTMLSelectElement;
  select.value = language();
}

async function boot(): Promise<void> {
  applyLanguage();
  (document.getElementById('language') as HTMLSelectElement).addEventListener('change', (event) => {
    setLanguage((event.target as HTMLSelectElement).value as Language);
    applyLanguage();
    redraw?.();
  });
  const query = new URLSearchParams(window.location.search);
  // At /oidc/auth the server shows the page only when there is no usable session (or prompt=login): the
  // client's app is client_id, and a completed sign-in loads the same URL again for the code.
  const authorizing = window.location.pathname === '/oidc/auth';
  const appId = authorizing ? query.get('client_id') : query.get('app_id');
  let app: PublicAppJSON;
  try {
    ({ data: app } = await get<PublicAppJSON>(`/page/app${appId ? `?app_id=${encodeURIComponent(appId)}` : ''}`));
  } catch (error) {
    showScreen(error instanceof Error && error.message ? error.message : t('requestFailed'));
    return;
  }
  useApp(app.appId);
  const ctx: PageContext = {
    app,
    render(draw) {
      redraw = draw;
      draw();
    },
    signedIn: () => (authorizing ? continueAuthorization() : showAccount(ctx, () => showSignIn(ctx))),
  };
  if (authorizing) return showSignIn(ctx);
  try {
    await get('/api/v3/list-enrolled-factors');
    ctx.signedIn();
  } catch {
    showSignIn(ctx);
  }
}

/** Back to /oidc/auth, now with a session: the server redirects to the client with a code. */
function continueAuthorization(): void {
  showScreen(t('continueTo'));
  const url = new URL(window.location.href);
  // The sign-in that prompt=login asked for just happened.
  url.searchParams.delete('prompt');
  window.location.replace(url.toString());
}

void boot().catch(() => showScreen(t('requestFailed'), h('p', {}, '')));
