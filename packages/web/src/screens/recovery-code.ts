import type { PageContext } from '../context.js';
import { button, h, secretBox, showScreen } from '../dom.js';
import { t } from '../i18n.js';

/** A new recovery code, shown this once with copy and download, then `next`. */
export function showRecoveryCode(ctx: PageContext, code: string, next: () => void): void {
  ctx.render(() => {
    showScreen(
      t('recoveryTitle'),
      h('p', { class: 'notice' }, t('recoveryShownOnce')),
      secretBox(t('recoveryCodeLabel'), code, 'tessera-recovery-code.txt'),
      h('div', { class: 'actions' }, button(t('done'), next, { class: 'primary' })),
    );
  });
}
