import { get, type FactorJSON, type MfaRequiredJSON } from '../api.js';
import type { PageContext } from '../context.js';
import { h, showScreen } from '../dom.js';
import { factorName, t } from '../i18n.js';
import { bindFactorPanel } from './bind-factor.js';
import { showMfaStep } from './mfa-step.js';

/**
 * 1636: the app requires a second factor and the user has none. The enrollment-only mfaToken binds one,
 * then redeems the same token with a fresh code of it (docs/mfa-sign-in.md).
 */
export function showEnrollFirst(ctx: PageContext, challenge: MfaRequiredJSON): void {
  ctx.render(() => {
    const list = h('div', { class: 'bind-list' });
    showScreen(t('enrollFirstTitle'), h('p', {}, t('enrollFirstIntro', { app: ctx.app.name })), list);
    void get<Array<{ factorType: string }>>('/api/v3/list-factors-to-enroll', challenge.mfaToken).then(({ data }) => {
      // BIO-01: a face is never the first factor (the server would answer 1703).
      for (const { factorType } of data.filter((factor) => factor.factorType !== 'FACE')) {
        list.append(
          h(
            'section',
            { class: 'card', 'aria-label': factorName(factorType) },
            h('h2', {}, factorName(factorType)),
            bindFactorPanel(factorType, {
              bearer: challenge.mfaToken,
              onBound: (type) => void afterBinding(ctx, challenge, type),
            }),
          ),
        );
      }
    });
  });
}

async function afterBinding(ctx: PageContext, challenge: MfaRequiredJSON, type: string): Promise<void> {
  const { data } = await get<FactorJSON[]>('/api/v3/list-enrolled-factors', challenge.mfaToken);
  const factor = data.find((f) => f.factorType === type);
  const applicationMfa = [{ mfaPolicy: type, status: 1, sort: 0 }];
  const masked = {
    ...(factor?.profile.email ? { mfaEmail: factor.profile.email } : {}),
    ...(factor?.profile.phoneNumber ? { mfaPhone: factor.profile.phoneNumber } : {}),
  };
  showMfaStep(ctx, { ...challenge, ...masked, totpMfaEnabled: type === 'OTP', applicationMfa }, { preferred: type, fresh: true });
}
