/** The page's own words in both languages; error messages come from the server's catalog instead. */
export type Language = 'en-US' | 'zh-CN';

const EN = {
  skipLink: 'Skip to content',
  language: 'Language',
  loading: 'Loading…',
  signInTitle: 'Sign in to {app}',
  account: 'Email or username',
  password: 'Password',
  signIn: 'Sign in',
  noAccount: 'No account yet?',
  createAccount: 'Create an account',
  signUpTitle: 'Create your account',
  email: 'Email address',
  newPassword: 'Password (at least 8 characters)',
  signUp: 'Create account',
  haveAccount: 'Already have an account?',
  backToSignIn: 'Sign in instead',
  mfaTitle: 'Verify it’s you',
  mfaIntro: 'Your account is protected by a second factor. Choose how to verify.',
  methods: 'Verification method',
  useOtp: 'Authenticator app',
  useEmail: 'Email code',
  useSms: 'Text message code',
  useRecovery: 'Recovery code',
  otpCode: '6-digit code from your authenticator app',
  nextOtpCode: 'The next 6-digit code from your authenticator app',
  verify: 'Verify',
  codeSentTo: 'We send a code to {destination}.',
  fullEmail: 'Type your full email address',
  fullPhone: 'Type your full phone number',
  sendCode: 'Send code',
  resendIn: 'Resend in {seconds} s',
  resend: 'Resend code',
  codeSent: 'Code sent.',
  emailCode: 'Code from the email',
  smsCode: 'Code from the text message',
  recoveryCode: 'Recovery code',
  enrollFirstTitle: 'Protect your account',
  enrollFirstIntro: '{app} asks for a second factor. Set one up to finish signing in.',
  accountTitle: 'Your account',
  signedInTo: 'Signed in to {app}.',
  signOut: 'Sign out',
  factorsTitle: 'Sign-in factors',
  noFactors: 'No second factor yet. Add one below.',
  remove: 'Remove',
  removeLabel: 'Remove {factor}',
  removed: '{factor} removed.',
  addTitle: 'Add a factor',
  nothingToAdd: 'Every factor this app offers is set up.',
  setUp: 'Set up {factor}',
  factor_OTP: 'Authenticator app',
  factor_SMS: 'Text message',
  factor_EMAIL: 'Email',
  factor_FACE: 'Face',
  factor_PASSKEY: 'Passkey',
  notAvailable: 'Not available on this page yet.',
  otpScan: 'Scan this QR code with your authenticator app, or type the key below.',
  qrAlt: 'QR code of the authenticator key',
  secretKey: 'Key',
  copy: 'Copy',
  copied: 'Copied.',
  download: 'Download',
  confirm: 'Confirm',
  cancel: 'Cancel',
  phone: 'Phone number with country code, e.g. +8613800138000',
  bound: '{factor} is set up.',
  recoveryTitle: 'Recovery code',
  recoveryIntro: 'Use it once if you lose your authenticator. Generating a new one voids the old one.',
  regenerate: 'Generate a new recovery code',
  recoveryShownOnce: 'Save this recovery code now; it is shown only once.',
  recoveryCodeLabel: 'Your recovery code',
  done: 'I saved it, continue',
  sessionsTitle: 'Sessions',
  thisSession: 'This session',
  otherSession: 'Another session',
  startedAt: 'started {time}, last used {time2}',
  signOutOthers: 'Sign out everywhere else',
  signedOutOthers: 'Signed out of {count} other sessions.',
  stepUpTitle: 'Confirm it’s you',
  stepUpIntro: 'This change needs a fresh verification with your authenticator app.',
  signedOut: 'You are signed out.',
  requestFailed: 'The request failed. Check your connection and try again.',
  required: 'Fill in “{label}”.',
  continueTo: 'You are being sent back to the application…',
};

export type MessageKey = keyof typeof EN;

const ZH: Record<MessageKey, string> = {
  skipLink: '跳到主要内容',
  language: '语言',
  loading: '加载中…',
  signInTitle: '登录 {app}',
  account: '邮箱或用户名',
  password: '密码',
  signIn: '登录',
  noAccount: '还没有账号？',
  createAccount: '注册账号',
  signUpTitle: '注册账号',
  email: '邮箱地址',
  newPassword: '密码（至少 8 位）',
  signUp: '注册',
  haveAccount: '已有账号？',
  backToSignIn: '去登录',
  mfaTitle: '验证身份',
  mfaIntro: '你的账号开启了二次认证，请选择验证方式。',
  methods: '验证方式',
  useOtp: '身份验证器',
  useEmail: '邮箱验证码',
  useSms: '短信验证码',
  useRecovery: '恢复码',
  otpCode: '身份验证器中的 6 位验证码',
  nextOtpCode: '身份验证器中的下一个 6 位验证码',
  verify: '验证',
  codeSentTo: '验证码将发送到 {destination}。',
  fullEmail: '请输入完整的邮箱地址',
  fullPhone: '请输入完整的手机号',
  sendCode: '发送验证码',
  resendIn: '{seconds} 秒后可重新发送',
  resend: '重新发送',
  codeSent: '验证码已发送。',
  emailCode: '邮件中的验证码',
  smsCode: '短信中的验证码',
  recoveryCode: '恢复码',
  enrollFirstTitle: '保护你的账号',
  enrollFirstIntro: '{app} 要求开启二次认证，请先绑定一种方式以完成登录。',
  accountTitle: '我的账号',
  signedInTo: '已登录 {app}。',
  signOut: '退出登录',
  factorsTitle: '认证方式',
  noFactors: '尚未绑定二次认证方式，请在下方添加。',
  remove: '解绑',
  removeLabel: '解绑{factor}',
  removed: '已解绑{factor}。',
  addTitle: '添加认证方式',
  nothingToAdd: '该应用提供的认证方式均已绑定。',
  setUp: '绑定{factor}',
  factor_OTP: '身份验证器',
  factor_SMS: '短信',
  factor_EMAIL: '邮箱',
  factor_FACE: '人脸',
  factor_PASSKEY: '通行密钥',
  notAvailable: '此页面暂不支持。',
  otpScan: '用身份验证器扫描二维码，或手动输入下方密钥。',
  qrAlt: '身份验证器密钥的二维码',
  secretKey: '密钥',
  copy: '复制',
  copied: '已复制。',
  download: '下载',
  confirm: '确认',
  cancel: '取消',
  phone: '带国家区号的手机号，例如 +8613800138000',
  bound: '{factor}已绑定。',
  recoveryTitle: '恢复码',
  recoveryIntro: '丢失身份验证器时可使用一次。生成新的恢复码后，旧的即失效。',
  regenerate: '生成新的恢复码',
  recoveryShownOnce: '请立即保存此恢复码，它只显示这一次。',
  recoveryCodeLabel: '你的恢复码',
  done: '已保存，继续',
  sessionsTitle: '登录会话',
  thisSession: '当前会话',
  otherSession: '其他会话',
  startedAt: '开始于 {time}，最近使用 {time2}',
  signOutOthers: '退出其他所有会话',
  signedOutOthers: '已退出 {count} 个其他会话。',
  stepUpTitle: '确认是你本人',
  stepUpIntro: '此操作需要用身份验证器重新验证。',
  signedOut: '你已退出登录。',
  requestFailed: '请求失败，请检查网络后重试。',
  required: '请填写“{label}”。',
  continueTo: '正在返回应用…',
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { 'en-US': EN, 'zh-CN': ZH };
const STORAGE_KEY = 'tessera.language';

let current: Language = initialLanguage();

/** The chosen language, else the browser's (any zh → zh-CN), else en-US. */
function initialLanguage(): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'en-US' || stored === 'zh-CN') return stored;
  return navigator.languages.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en-US';
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  safeStorage()?.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** A message with its `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function factorName(type: string): string {
  const key = `factor_${type}` as MessageKey;
  return key in EN ? t(key) : type;
}
