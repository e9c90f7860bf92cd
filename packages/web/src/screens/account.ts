import { get, post, type FactorJSON, type SessionJSON } from '../api.js';
import type { PageContext } from '../context.js';
import { announce, button, h, showScreen } from '../dom.js';
import { factorName, language, t } from '../i18n.js';
import { bindFactorPanel } from './bind-factor.js';
import { passkeyList } from './passkeys.js';
import { showRecoveryCode } from './recovery-code.js';
import { withStepUp } from './step-up.js';

/**
 * The personal centre: bound factors (remove with step-up), factors to add, the recovery code, the
 * user's sessions, sign out. Every action is one V3 (or /page) call with the session cookie.
 */
export function showAccount(ctx: PageContext, onSignedOut: () => void): void {
  ctx.render(() => {
    const factors = h('section', { 'aria-labelledby': 'factors-title' }, h('h2', { id: 'factors-title' }, t('factorsTitle')));
    const add = h('section', { 'aria-labelledby': 'add-title' }, h('h2', { id: 'add-title' }, t('addTitle')));
    const recovery = h('section', { 'aria-labelledby': 'recovery-title', hidden: true });
    const sessions = h('section', { 'aria-labelledby': 'sessions-title' }, h('h2', { id: 'sessions-title' }, t('sessionsTitle')));
    const signOut = button(t('signOut'), () => {
      void post('/page/sign-out', {}).finally(() => {
        announce(t('signedOut'));
        onSignedOut();
      });
    });
    showScreen(
      t('accountTitle'),
      h('div', { class: 'account-bar' }, h('p', {}, t('signedInTo', { app: ctx.app.name })), signOut),
      factors,
      add,
      recovery,
      sessions,
    );
    const refresh = () => loadFactors(ctx, { factors, add, recovery }, refresh, onSignedOut);
    void refresh();
    void loadSessions(sessions);
  });
}

async function loadFactors(
  ctx: PageContext,
  sections: { factors: HTMLElement; add: HTMLElement; recovery: HTMLElement },
  refresh: () => Promise<void>,
  onSignedOut: () => void,
): Promise<void> {
  let enrolled: FactorJSON[];
  let toEnroll: Array<{ factorType: string }>;
  try {
    [{ data: enrolled }, { data: toEnroll }] = await Promise.all([
      get<FactorJSON[]>('/api/v3/list-enrolled-factors'),
      get<Array<{ factorType: string }>>('/api/v3/list-factors-to-enroll'),
    ]);
  } catch {
    return onSignedOut();
  }
  const heading = (section: HTMLElement) => section.querySelector('h2')!;
  const otherFactorBound = enrolled.some((factor) => factor.factorType !== 'FACE');

  sections.factors.replaceChildren(
    heading(sections.factors),
    enrolled.length === 0
      ? h('p', {}, t('noFactors'))
      : h('ul', { class: 'factor-list' }, ...enrolled.map((factor) => factorItem(factor, refresh))),
  );

  sections.add.replaceChildren(
    heading(sections.add),
    ...(toEnroll.length === 0 ? [h('p', {}, t('nothingToAdd'))] : []),
    ...toEnroll.map(({ factorType }) =>
      h(
        'div',
        { class: 'card' },
        h('h3', {}, factorName(factorType)),
        bindFactorPanel(factorType, { guard: withStepUp, otherFactorBound, onBound: () => void refresh() }),
      ),
    ),
  );

  const hasOtp = enrolled.some((factor) => factor.factorType === 'OTP');
  sections.recovery.hidden = !hasOtp;
  sections.recovery.replaceChildren(
    h('h2', { id: 'recovery-title' }, t('recoveryTitle')),
    h('p', {}, t('recoveryIntro')),
    button(t('regenerate'), () => {
      void withStepUp(() => post<{ recoveryCode: string }>('/api/v3/regenerate-recovery-code', {}))
        .then(({ data }) => showRecoveryCode(ctx, data.recoveryCode, () => showAccount(ctx, onSignedOut)))
        .catch((error: Error) => announce(error.message || t('requestFailed')));
    }),
  );
}

function factorItem(factor: FactorJSON, refresh: () => Promise<void>): HTMLElement {
  const name = factorName(factor.factorType);
  const destination = factor.profile.email
    ? maskEmail(factor.profile.email)
    : factor.profile.phoneNumber
      ? maskPhone(`${factor.profile.phoneCountryCode ?? ''}${factor.profile.phoneNumber}`)
      : '';
  const error = h('p', { class: 'field-error', hidden: true });
  const remove = button(
    t('remove'),
    () => {
      error.hidden = true;
      error.removeAttribute('role');
      withStepUp(() => post('/api/v3/reset-factor', { factorId: factor.factorId }))
        .then(() => {
          announce(t('removed', { factor: name }));
          void refresh();
        })
        .catch((failure: Error) => {
          error.textContent = failure.message || t('requestFailed');
          error.hidden = false;
          error.setAttribute('role', 'alert');
        });
    },
    { 'aria-label': t('removeLabel', { factor: name }) },
  );
  // Passkeys are removed one by one (removing the last unbinds the factor).
  if (factor.factorType === 'PASSKEY') {
    return h('li', { class: 'factor', 'data-factor': factor.factorType }, h('span', { class: 'factor-name' }, name), passkeyList(factor.profile.passkeys ?? [], { guard: withStepUp, refresh }));
  }
  return h('li', { class: 'factor', 'data-factor': factor.factorType }, h('span', { class: 'factor-name' }, name), destination ? h('span', { class: 'destination' }, destination) : null, remove, error);
}

async function loadSessions(section: HTMLElement): Promise<void> {
  const heading = section.querySelector('h2')!;
  let sessions: SessionJSON[];
  try {
    ({ data: sessions } = await get<SessionJSON[]>('/page/sessions'));
  } catch {
    return;
  }
  const format = (iso: string) => new Date(iso).toLocaleString(language());
  const others = sessions.filter((session) => !session.current).length;
  section.replaceChildren(
    heading,
    h(
      'ul',
      { class: 'session-list' },
      ...sessions.map((session) =>
        h('li', {}, h('strong', {}, t(session.current ? 'thisSession' : 'otherSession')), ' — ', t('startedAt', { time: format(session.createdAt), time2: format(session.lastUsedAt) })),
      ),
    ),
  );
  if (others > 0) {
    section.append(
      button(t('signOutOthers'), () => {
        void post<{ ended: number }>('/page/sign-out-others', {}).then(({ data }) => {
          announce(t('signedOutOthers', { count: data.ended }));
          void loadSessions(section);
        });
      }),
    );
  }
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

function maskPhone(phone: string): string {
  return phone.length > 7 ? `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}` : phone;
}
