import { isNotice, type CodePurpose, type OutgoingCode, type OutgoingNotice } from '../domain/ports.js';
import { renderNotice } from './notice-text.js';

export interface CodeEmail {
  subject: string;
  text: string;
  html: string;
}

/** Why the code was sent, in each language: the reader must be able to tell a request they did not make. */
const PURPOSE_TEXT: Record<OutgoingCode['language'], Record<CodePurpose, string>> = {
  'en-US': {
    'enroll-factor': 'to add this email address as a multi-factor authentication method',
    'verify-mfa': 'to finish signing in',
  },
  'zh-CN': {
    'enroll-factor': '用于将此邮箱绑定为多因素认证方式',
    'verify-mfa': '用于完成登录验证',
  },
};

/**
 * The email carrying a code, in the request's language (x-authing-lang), plain text and HTML alike. The
 * subject leaves the code out, so lock-screen previews do not show it.
 */
export function renderCodeEmail(message: OutgoingCode | OutgoingNotice): CodeEmail {
  if (isNotice(message)) return renderNoticeEmail(message);
  const minutes = Math.max(1, Math.round(message.ttlSeconds / 60));
  const purpose = PURPOSE_TEXT[message.language][message.purpose];
  const lines =
    message.language === 'en-US'
      ? {
          subject: `Your ${message.appName} verification code`,
          intro: `Your ${message.appName} verification code, ${purpose}:`,
          expiry: `It expires in ${minutes} min. Never share it with anyone.`,
          ignore: 'If you did not ask for it, ignore this email: nothing changes without the code.',
        }
      : {
          subject: `${message.appName} 验证码`,
          intro: `您的 ${message.appName} 验证码（${purpose}）：`,
          expiry: `${minutes} 分钟内有效，请勿泄露给任何人。`,
          ignore: '如果这不是您本人的操作，请忽略此邮件：没有验证码，任何设置都不会改变。',
        };
  const text = `${lines.intro}\n\n    ${message.code}\n\n${lines.expiry}\n${lines.ignore}\n`;
  const html = [
    `<!doctype html><html lang="${message.language}"><head><meta charset="utf-8"><title>${escapeHtml(lines.subject)}</title></head>`,
    '<body style="font-family:sans-serif">',
    `<p>${escapeHtml(lines.intro)}</p>`,
    `<p style="font-size:28px;font-weight:bold;letter-spacing:4px">${escapeHtml(message.code)}</p>`,
    `<p>${escapeHtml(lines.expiry)}</p>`,
    `<p style="color:#666">${escapeHtml(lines.ignore)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: lines.subject, text, html };
}

/** A security notice by email: what happened and what to do if it was not you. */
function renderNoticeEmail(notice: OutgoingNotice): CodeEmail {
  const { subject, text } = renderNotice(notice);
  const html = [
    `<!doctype html><html lang="${notice.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif">',
    `<p>${escapeHtml(text)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
