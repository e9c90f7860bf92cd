import { isNotice, type OutgoingCode, type OutgoingNotice } from '../domain/ports.js';
import { renderNoticeText } from './notice-text.js';

/** The short text of a code message (or a security notice), in the request's language. */
export function renderCodeText(message: OutgoingCode | OutgoingNotice): string {
  if (isNotice(message)) return renderNoticeText(message);
  const minutes = Math.max(1, Math.round(message.ttlSeconds / 60));
  return message.language === 'en-US'
    ? `[${message.appName}] Your verification code is ${message.code}. It expires in ${minutes} min. Never share it.`
    : `【${message.appName}】您的验证码是 ${message.code}，${minutes} 分钟内有效，请勿泄露给他人。`;
}
