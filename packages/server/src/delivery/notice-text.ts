import type { OutgoingNotice, SecurityEvent } from '../domain/ports.js';

/** What happened, per language; `{factor}` is the factor type when the event concerns one. */
const EVENT_TEXT: Record<OutgoingNotice['language'], Record<SecurityEvent, string>> = {
  'en-US': {
    'factor-bound': 'A new second factor ({factor}) was added to your account.',
    'factor-removed': 'A second factor ({factor}) was removed from your account.',
    'recovery-code-used': 'Your recovery code was used to sign in; a new one replaced it.',
    'recovery-code-regenerated': 'A new recovery code was issued for your account; the old one no longer works.',
    'account-locked': 'Verification on your account is locked after repeated wrong codes.',
    'code-replayed': 'A verification code of yours that was already used was presented again.',
  },
  'zh-CN': {
    'factor-bound': '您的账号绑定了新的多因素认证方式（{factor}）。',
    'factor-removed': '您的账号解绑了一个多因素认证方式（{factor}）。',
    'recovery-code-used': '您的恢复码已被用于登录，并已更换为新的恢复码。',
    'recovery-code-regenerated': '您的账号已生成新的恢复码，旧恢复码已失效。',
    'account-locked': '因多次输入错误的验证码，您账号的验证已被锁定。',
    'code-replayed': '有人再次提交了您已使用过的验证码。',
  },
};

const NOT_YOU: Record<OutgoingNotice['language'], string> = {
  'en-US': 'If this was not you, secure your account now: change your password and review your factors.',
  'zh-CN': '如果这不是您本人的操作，请立即修改密码并检查您的认证方式。',
};

/** The notice's words: a subject line and a body, never a code or a secret. */
export function renderNotice(notice: OutgoingNotice): { subject: string; text: string } {
  const what = EVENT_TEXT[notice.language][notice.event].replace('{factor}', notice.factorType ?? '');
  const subject = notice.language === 'en-US' ? `${notice.appName} security notice` : `${notice.appName} 安全提醒`;
  return { subject, text: `${what} ${NOT_YOU[notice.language]}` };
}

/** The short text of a notice by SMS. */
export function renderNoticeText(notice: OutgoingNotice): string {
  const { text } = renderNotice(notice);
  return notice.language === 'en-US' ? `[${notice.appName}] ${text}` : `【${notice.appName}】${text}`;
}
