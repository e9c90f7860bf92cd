/** 13800138000 → 138****8000: enough for the user to recognise, not enough to text it. */
export function maskPhoneNumber(nationalNumber: string): string {
  if (nationalNumber.length <= 4) return '*'.repeat(nationalNumber.length);
  const head = nationalNumber.length >= 10 ? 3 : Math.max(0, nationalNumber.length - 7);
  const tail = 4;
  return `${nationalNumber.slice(0, head)}${'*'.repeat(nationalNumber.length - head - tail)}${nationalNumber.slice(-tail)}`;
}

/** alice@example.com → a***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
