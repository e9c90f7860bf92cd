/**
 * The closed catalog of every failure Tessera reports. A throw site names only the code; this table gives
 * its business `statusCode` (GenAuth's classes, spec §9), its `apiCode` (GenAuth's own where one exists,
 * otherwise Tessera's 46xxx range, see docs/errors.md) and its message in both languages (spec §10).
 *
 * `{name}` placeholders in a message are filled from the error's params.
 */
export const ERROR_CATALOG = {
  // --- request shape -------------------------------------------------------------------------------
  VALIDATION_FAILED: {
    statusCode: 400, apiCode: 46001,
    message: { 'en-US': 'Invalid request: {detail}', 'zh-CN': '请求参数错误：{detail}' },
  },
  MALFORMED_JSON: {
    statusCode: 400, apiCode: 46002,
    message: { 'en-US': 'The request body is not valid JSON', 'zh-CN': '请求体不是合法的 JSON' },
  },
  PAYLOAD_TOO_LARGE: {
    statusCode: 413, apiCode: 46003,
    message: { 'en-US': 'The request body is too large', 'zh-CN': '请求体过大' },
  },
  ROUTE_NOT_FOUND: {
    statusCode: 404, apiCode: 46004,
    message: { 'en-US': 'No such endpoint: {method} {path}', 'zh-CN': '接口不存在：{method} {path}' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    statusCode: 400, apiCode: 46005,
    message: { 'en-US': 'Unsupported content type', 'zh-CN': '不支持的 Content-Type' },
  },

  // --- application and caller --------------------------------------------------------------------
  APP_NOT_FOUND: {
    statusCode: 404, apiCode: 2011,
    message: { 'en-US': 'Application not found, check x-authing-app-id', 'zh-CN': '应用不存在，请检查 x-authing-app-id' },
  },
  NOT_LOGGED_IN: {
    statusCode: 401, apiCode: 2020,
    message: { 'en-US': 'Not logged in: an access token is required', 'zh-CN': '尚未登录，需要 access token' },
  },
  INVALID_TOKEN: {
    statusCode: 401, apiCode: 46010,
    message: { 'en-US': 'The access token is invalid or expired', 'zh-CN': 'access token 无效或已过期' },
  },

  CSRF_TOKEN_INVALID: {
    statusCode: 403, apiCode: 46130,
    message: {
      'en-US': 'The request lacks the page session\'s CSRF token; reload the page and try again',
      'zh-CN': '请求缺少页面会话的 CSRF 令牌，请刷新页面后重试',
    },
  },

  // --- accounts -------------------------------------------------------------------------------------
  BAD_CREDENTIALS: {
    statusCode: 403, apiCode: 2333,
    message: { 'en-US': 'Account not exists or password is incorrect.', 'zh-CN': '账号不存在或密码错误' },
  },
  USER_ALREADY_EXISTS: {
    statusCode: 409, apiCode: 46020,
    message: { 'en-US': 'A user with this {field} already exists', 'zh-CN': '该{field}已被注册' },
  },
  USER_NOT_FOUND: {
    statusCode: 404, apiCode: 2004,
    message: { 'en-US': 'User does not exist', 'zh-CN': '用户不存在' },
  },
  WEAK_PASSWORD: {
    statusCode: 400, apiCode: 46021,
    message: { 'en-US': 'The password must be at least {min} characters long', 'zh-CN': '密码长度至少为 {min} 位' },
  },
  INVALID_USERNAME: {
    statusCode: 400, apiCode: 46028,
    message: {
      'en-US': 'The username must not look like an email address or a phone number, nor contain invisible, control or direction characters, and must be at most 64 characters',
      'zh-CN': '用户名不能是邮箱或手机号格式，不能包含不可见字符、控制字符或文字方向字符，且不超过 64 个字符',
    },
  },
  /** RL-01 for the first factor: wrong passwords per account + client IP and per client IP (docs/configuration.md). */
  SIGN_IN_THROTTLED: {
    statusCode: 429, apiCode: 46022,
    message: { 'en-US': 'Too many failed sign-ins; retry in {retryAfterSeconds} s', 'zh-CN': '登录失败次数过多，请 {retryAfterSeconds} 秒后重试' },
  },
  SIGN_UP_LIMIT_REACHED: {
    statusCode: 429, apiCode: 46023,
    message: { 'en-US': 'Too many sign-ups from this address; retry in {retryAfterSeconds} s', 'zh-CN': '该地址注册次数过多，请 {retryAfterSeconds} 秒后重试' },
  },

  // --- factors and enrollment ----------------------------------------------------------------------
  FACTOR_TYPE_NOT_ENABLED: {
    statusCode: 400, apiCode: 46030,
    message: { 'en-US': 'Factor type {factorType} is not enabled for this application', 'zh-CN': '该应用未启用 {factorType} 类型的 MFA 要素' },
  },
  FACTOR_ALREADY_BOUND: {
    statusCode: 409, apiCode: 46031,
    message: { 'en-US': 'A {factorType} factor is already bound to this account', 'zh-CN': '当前账号已绑定 {factorType} 类型的 MFA 要素' },
  },
  INVALID_PHONE_NUMBER: {
    statusCode: 400, apiCode: 46032,
    message: { 'en-US': 'The phone number is not valid', 'zh-CN': '手机号格式不正确' },
  },
  INVALID_EMAIL: {
    statusCode: 400, apiCode: 46033,
    message: { 'en-US': 'The email address is not valid', 'zh-CN': '邮箱格式不正确' },
  },
  SEND_TOO_FREQUENT: {
    statusCode: 429, apiCode: 46040,
    message: { 'en-US': 'Codes are sent at most once a minute; retry in {retryAfterSeconds} s', 'zh-CN': '发送过于频繁，请 {retryAfterSeconds} 秒后重试' },
  },
  ENROLLMENT_TOKEN_INVALID: {
    statusCode: 400, apiCode: 46050,
    message: { 'en-US': 'The enrollment token is invalid, used or expired; request a new one', 'zh-CN': 'enrollmentToken 无效、已使用或已过期，请重新发起绑定' },
  },
  WRONG_CODE: {
    statusCode: 400, apiCode: 6001,
    message: { 'en-US': 'Security code error', 'zh-CN': '安全码错误' },
  },
  PASS_CODE_MISSING: {
    statusCode: 400, apiCode: 6003,
    message: { 'en-US': 'Please enter the security code', 'zh-CN': '请输入安全码' },
  },
  FACTOR_NOT_FOUND: {
    statusCode: 404, apiCode: 46060,
    message: { 'en-US': 'MFA factor not found', 'zh-CN': 'MFA 要素不存在' },
  },
  OTP_FACTOR_NOT_BOUND: {
    statusCode: 400, apiCode: 46061,
    message: { 'en-US': 'No OTP factor is bound to this account', 'zh-CN': '当前账号未绑定 OTP 要素' },
  },
  // passkeys (WebAuthn)
  WEBAUTHN_TICKET_INVALID: {
    statusCode: 400, apiCode: 46090,
    message: { 'en-US': 'The WebAuthn ticket is invalid, used or expired; start again', 'zh-CN': 'WebAuthn ticket 无效、已使用或已过期，请重新发起' },
  },
  PASSKEY_NOT_BOUND: {
    statusCode: 400, apiCode: 46091,
    message: { 'en-US': 'No passkey is bound to this account', 'zh-CN': '当前账号未绑定 Passkey' },
  },
  PASSKEY_SIGN_IN_LIMIT_REACHED: {
    statusCode: 429, apiCode: 46093,
    message: { 'en-US': 'Too many passkey sign-ins from this address; retry in {retryAfterSeconds} s', 'zh-CN': '该地址 Passkey 登录次数过多，请 {retryAfterSeconds} 秒后重试' },
  },
  PASSKEY_BINDS_THROUGH_WEBAUTHN: {
    statusCode: 400, apiCode: 46092,
    message: { 'en-US': 'A passkey is bound with GET and POST /api/v3/webauthn/registration', 'zh-CN': 'Passkey 通过 GET 与 POST /api/v3/webauthn/registration 绑定' },
  },

  // --- FACE (docs/face.md): GenAuth's 1700-range where its meaning fits, else Tessera's 4608x -----------
  FACE_PHOTO_MISSING: {
    statusCode: 400, apiCode: 1700,
    message: { 'en-US': 'A face photo is required', 'zh-CN': '请上传人脸照片' },
  },
  FACE_NOT_BOUND: {
    statusCode: 400, apiCode: 1701,
    message: { 'en-US': 'No face is bound to this account to compare with', 'zh-CN': '当前账号未绑定人脸，无法比对' },
  },
  FACE_MISMATCH: {
    statusCode: 400, apiCode: 1702,
    message: { 'en-US': 'The face does not match the bound one', 'zh-CN': '人脸比对不一致' },
  },
  /** BIO-01: face is never the only second factor. */
  FACE_NEEDS_ANOTHER_FACTOR: {
    statusCode: 400, apiCode: 1703,
    message: { 'en-US': 'Bind another factor (OTP, SMS or email) before binding a face', 'zh-CN': '绑定人脸前请先绑定其他 MFA 要素（OTP、短信或邮箱）' },
  },
  FACE_PHOTO_UNUSABLE: {
    statusCode: 400, apiCode: 1707,
    message: { 'en-US': 'The photo cannot be used: {reason}', 'zh-CN': '照片无法使用：{reason}' },
  },
  /** BIO-01: resetting the last other factor would leave the face alone. */
  FACE_WOULD_BE_ALONE: {
    statusCode: 400, apiCode: 46084,
    message: { 'en-US': 'Reset the FACE factor first: a face cannot be the only factor left', 'zh-CN': '请先解绑人脸：人脸不能成为唯一的 MFA 要素' },
  },
  FACE_PHOTO_HOST_NOT_ALLOWED: {
    statusCode: 400, apiCode: 46080,
    message: { 'en-US': 'Photos are accepted as data: URLs or from allow-listed hosts only', 'zh-CN': '照片仅支持 data: URL 或白名单域名' },
  },
  /** BIO-02: after 5 consecutive failures, at least 30 s between attempts. */
  FACE_RETRY_LATER: {
    statusCode: 429, apiCode: 46081,
    message: { 'en-US': 'Too many failed face verifications; retry in {retryAfterSeconds} s', 'zh-CN': '人脸验证失败次数过多，请 {retryAfterSeconds} 秒后重试' },
  },
  /** BIO-02: after 50 consecutive failures the face factor stops working until it is reset. */
  FACE_DISABLED: {
    statusCode: 403, apiCode: 46082,
    message: { 'en-US': 'Face verification is disabled after too many failures; use another factor', 'zh-CN': '人脸验证失败次数过多已停用，请使用其他验证方式' },
  },
  FACE_MATCHER_UNAVAILABLE: {
    statusCode: 503, apiCode: 46083,
    message: { 'en-US': 'Face comparison is unavailable right now; retry later or use another factor', 'zh-CN': '人脸比对服务暂时不可用，请稍后重试或使用其他验证方式' },
  },

  // --- server ---------------------------------------------------------------------------------------
  INTERNAL_ERROR: {
    statusCode: 500, apiCode: 46099,
    message: { 'en-US': 'Internal server error', 'zh-CN': '服务器内部错误' },
  },
  SERVICE_UNAVAILABLE: {
    statusCode: 503, apiCode: 46098,
    message: { 'en-US': 'The service is temporarily unavailable; retry later', 'zh-CN': '服务暂时不可用，请稍后重试' },
  },
  /** Password hashing is at its concurrency cap and its queue is full: refused before any memory is spent. */
  SERVICE_BUSY: {
    statusCode: 503, apiCode: 46097,
    message: { 'en-US': 'The service is busy; retry in {retryAfterSeconds} s', 'zh-CN': '服务繁忙，请 {retryAfterSeconds} 秒后重试' },
  },

  // --- sign-in with MFA
  /** Not a failure: the sign-in needs a second factor; `data` carries the mfaToken (docs/mfa-sign-in.md). */
  MFA_REQUIRED: {
    statusCode: 499, apiCode: 1635,
    message: { 'en-US': 'Please enter the secondary authentication security code', 'zh-CN': '请输入二次认证安全码' },
  },
  /** Not a failure: the app requires MFA and the user has no factor; the mfaToken may only bind one. */
  MFA_ENROLLMENT_REQUIRED: {
    statusCode: 499, apiCode: 1636,
    message: { 'en-US': 'This application requires MFA: bind a factor first', 'zh-CN': '该应用要求二次认证，请先绑定 MFA 要素' },
  },
  MFA_TOKEN_INVALID: {
    statusCode: 401, apiCode: 46070,
    message: { 'en-US': 'The MFA token is invalid, used or expired; sign in again', 'zh-CN': 'mfaToken 无效、已使用或已过期，请重新登录' },
  },
  WRONG_RECOVERY_CODE: {
    statusCode: 400, apiCode: 6002,
    message: { 'en-US': 'Recovery code error', 'zh-CN': '恢复码错误' },
  },
  VERIFICATION_LOCKED: {
    statusCode: 429, apiCode: 2057,
    message: {
      'en-US': 'Too many failed verifications; retry in {retryAfterSeconds} s',
      'zh-CN': '验证失败次数过多，请 {retryAfterSeconds} 秒后重试',
    },
  },
  VERIFICATION_LOCKED_UNTIL_UNLOCK: {
    statusCode: 429, apiCode: 46071,
    message: {
      'en-US': 'Too many failed verifications; an administrator must unlock this account',
      'zh-CN': '验证失败次数过多，账号需由管理员解锁',
    },
  },
  STEP_UP_REQUIRED: {
    statusCode: 403, apiCode: 46072,
    message: {
      'en-US': 'This action needs a second-factor verification in this session within the last {maxAgeMinutes} min',
      'zh-CN': '此操作需要当前会话在最近 {maxAgeMinutes} 分钟内完成二次认证',
    },
  },
  CHANNEL_NOT_SUPPORTED: {
    statusCode: 400, apiCode: 46073,
    message: { 'en-US': 'Channel {channel} is not supported', 'zh-CN': '不支持的发送渠道 {channel}' },
  },

  // --- code delivery: send caps and providers (docs/delivery.md) ------------------------------------
  SEND_LIMIT_REACHED: {
    statusCode: 429, apiCode: 46041,
    message: { 'en-US': 'Too many codes were requested; retry in {retryAfterSeconds} s', 'zh-CN': '验证码发送次数过多，请 {retryAfterSeconds} 秒后重试' },
  },
  SMS_BUDGET_EXHAUSTED: {
    statusCode: 429, apiCode: 46042,
    message: { 'en-US': 'SMS codes cannot be sent right now; use another factor or retry later', 'zh-CN': '短信验证码暂时无法发送，请使用其他验证方式或稍后重试' },
  },
  DELIVERY_FAILED: {
    statusCode: 502, apiCode: 46043,
    message: { 'en-US': 'The code could not be delivered; retry later', 'zh-CN': '验证码发送失败，请稍后重试' },
  },
  // --- management API: access keys, signatures (spec §8), management tokens (spec §2.4) --------------
  SIGNATURE_INVALID: {
    statusCode: 401, apiCode: 1300,
    message: { 'en-US': 'The request signature does not match', 'zh-CN': '请求签名不正确' },
  },
  SIGNATURE_METHOD_UNSUPPORTED: {
    statusCode: 401, apiCode: 1301,
    message: { 'en-US': 'x-authing-signature-method must be HMAC-SHA1', 'zh-CN': 'x-authing-signature-method 必须为 HMAC-SHA1' },
  },
  SIGNATURE_VERSION_UNSUPPORTED: {
    statusCode: 401, apiCode: 1302,
    message: { 'en-US': 'x-authing-signature-version must be 1.0', 'zh-CN': 'x-authing-signature-version 必须为 1.0' },
  },
  SIGNATURE_TIMESTAMP_INVALID: {
    statusCode: 401, apiCode: 1303,
    message: {
      'en-US': 'The request time should be an RFC 1123 date or a millisecond Unix timestamp',
      'zh-CN': '请求时间应为 RFC 1123 日期或毫秒级 Unix 时间戳',
    },
  },
  SIGNATURE_DATE_MISSING: {
    statusCode: 401, apiCode: 1304,
    message: { 'en-US': 'The date header is missing', 'zh-CN': '缺少 date 请求头' },
  },
  SIGNATURE_CLOCK_SKEW: {
    statusCode: 401, apiCode: 1305,
    message: { 'en-US': 'The request time is more than {maxSkewMinutes} min away from the server time', 'zh-CN': '请求时间与服务器时间相差超过 {maxSkewMinutes} 分钟' },
  },
  SIGNATURE_NONCE_REPLAYED: {
    statusCode: 401, apiCode: 1306,
    message: { 'en-US': 'This signature nonce was already used', 'zh-CN': '签名随机数已被使用' },
  },
  MANAGEMENT_AUTH_REQUIRED: {
    statusCode: 401, apiCode: 46110,
    message: {
      'en-US': 'Management calls need an access key signature or a management token',
      'zh-CN': '管理接口需要 AccessKey 签名或管理 token',
    },
  },
  ACCESS_KEY_INVALID: {
    statusCode: 401, apiCode: 46111,
    message: { 'en-US': 'The access key is unknown, disabled or its secret is wrong', 'zh-CN': 'AccessKey 不存在、已停用或密钥错误' },
  },
  MANAGEMENT_TOKEN_INVALID: {
    statusCode: 401, apiCode: 46112,
    message: { 'en-US': 'The management token is invalid or expired', 'zh-CN': '管理 token 无效或已过期' },
  },
  USERPOOL_MISMATCH: {
    statusCode: 403, apiCode: 46113,
    message: { 'en-US': 'x-authing-userpool-id does not name this user pool', 'zh-CN': 'x-authing-userpool-id 与当前用户池不符' },
  },
  ACCESS_KEY_NOT_FOUND: {
    statusCode: 404, apiCode: 46114,
    message: { 'en-US': 'Access key not found', 'zh-CN': 'AccessKey 不存在' },
  },
  OTP_SECRET_EXPORT_DISABLED: {
    statusCode: 403, apiCode: 46116,
    message: {
      'en-US': 'Reading OTP secrets is disabled; set TESSERA_ALLOW_OTP_SECRET_EXPORT=true to allow it',
      'zh-CN': '已禁止读取 OTP 密钥；如需开启请设置 TESSERA_ALLOW_OTP_SECRET_EXPORT=true',
    },
  },
} as const satisfies Record<string, CatalogEntry>;

export interface CatalogEntry {
  /** GenAuth business status class (spec §9). */
  readonly statusCode: number;
  /** Finer business code; GenAuth's where one exists, else Tessera's 46xxx range. */
  readonly apiCode: number;
  readonly message: Readonly<Record<Language, string>>;
}

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** Message languages chosen by `x-authing-lang` (spec §10). */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
/** GenAuth's documented default when the header is absent or unknown. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** Picks the message language from an `x-authing-lang` header value. */
export function resolveLanguage(header: string | undefined): Language {
  return header?.trim().toLowerCase() === 'en-us' ? 'en-US' : DEFAULT_LANGUAGE;
}

/** Renders a catalog message in a language, filling `{name}` placeholders from params. */
export function renderErrorMessage(
  code: ErrorCode,
  language: Language,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template: string = ERROR_CATALOG[code].message[language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
