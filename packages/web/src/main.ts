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
  const appId = new URLSearchParams(window.location.search).get('app_id');
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
    signedIn: () => showAccount(ctx, () => showSignIn(ctx)),
  };
  try {
    await get('/api/v3/list-enrolled-factors');
    ctx.signedIn();
  } catch {
    showSignIn(ctx);
  }
}

void boot().catch(() => showScreen(t('requestFailed'), h('p', {}, '')));
