// Putting an API failure where the user looks: a VALIDATION error on the
// field it names (`extensions.field`, e.g. `name`, `input.creditCode` or
// `contacts.0.email`), anything else as a message above the form. The form
// keeps what the user typed: only the errors are set, never the values.

import type { FormInstance } from "antd";
import type { CombinedError } from "@urql/core";
import { apiFailure, isRetryable } from "./errors";
import type { ApiFailure } from "./errors";
import type { MessageKey } from "../i18n";

/** The form field an API field name means: the last name that the form
 * has, searching from the end (`input.name` → `name`). */
export function formFieldOf(apiField: string, known: readonly string[]): string | undefined {
  const parts = apiField.split(".");
  for (let i = 0; i < parts.length; i += 1) {
    const candidate = parts.slice(i).join(".");
    if (known.includes(candidate)) return candidate;
  }
  const last = parts[parts.length - 1];
  return last && known.includes(last) ? last : undefined;
}

/** What to say above the form for a failure not tied to a field. */
export function failureMessageKey(f: ApiFailure): MessageKey | null {
  switch (f.code) {
    case "CONFLICT":
      return "error.conflict";
    case "NOT_FOUND":
      return "error.notFound";
    case "FORBIDDEN":
      return "error.forbidden";
    case "NETWORK":
      return "error.network";
    default:
      return isRetryable(f) ? "error.server" : null;
  }
}

/**
 * Shows `error` on `form`: on the field when it names one the form has
 * (returns null), else returns the failure for the caller to show.
 */
export function showOnForm<T>(
  form: FormInstance<T>,
  error: CombinedError,
  fields: readonly string[],
): ApiFailure | null {
  const f = apiFailure(error);
  if (f.code === "VALIDATION" && f.field) {
    const field = formFieldOf(f.field, fields);
    if (field) {
      form.setFields([{ name: field as never, errors: [f.message] }]);
      return null;
    }
  }
  return f;
}
