// What the console makes of the API's coded errors (`extensions.code`):
// VALIDATION names the field it is about, CONFLICT asks for a reload,
// NOT_FOUND reads the same for "missing" and "not yours" (ORG-3), a network
// failure or a 5xx offers a retry.

import type { CombinedError } from "@urql/core";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "UNAVAILABLE"
  | "INTERNAL"
  | "NETWORK";

export interface ApiFailure {
  code: ErrorCode;
  message: string;
  /** The input field a VALIDATION error is about, as the API names it. */
  field?: string;
}

/** The first failure of an urql error, as the console shows it. */
export function apiFailure(error: CombinedError): ApiFailure {
  if (error.networkError) {
    return { code: "NETWORK", message: error.networkError.message };
  }
  const first = error.graphQLErrors[0];
  const ext = (first?.extensions ?? {}) as { code?: string; field?: string };
  return {
    code: (ext.code as ErrorCode | undefined) ?? "INTERNAL",
    message: first?.message ?? error.message,
    field: ext.field,
  };
}

/** Whether trying again later may help. */
export function isRetryable(f: ApiFailure): boolean {
  return f.code === "NETWORK" || f.code === "UNAVAILABLE" || f.code === "INTERNAL";
}
