/**
 * Stable error codes. User-facing wording never comes from here: it lives in the copy deck
 * (`src/copy/`). Codes map to HTTP statuses for the admin API and webhooks.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 500,
  INPUT_INVALID: 400,
  UNKNOWN_CHANNEL: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  CONFLICT: 409,
  DELIVERY_FAILED: 502,
  DELIVERY_REJECTED: 422,
  PROVIDER_FAILED: 502,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERROR_CODES[code];
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
