// The states every screen shares: loading, and a failure that says what
// went wrong and offers a retry (never a blank page).

import { Alert, Button, Result, Spin } from "antd";
import type { CombinedError } from "@urql/core";
import { apiFailure, isRetryable } from "../api/errors";
import { useI18n } from "../i18n";

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: "center" }}>
      <Spin tip={t("common.loading")}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

/** A query that failed: not found, forbidden, or a retry. */
export function LoadFailure({ error, onRetry }: { error: CombinedError; onRetry: () => void }) {
  const { t } = useI18n();
  const f = apiFailure(error);
  if (f.code === "NOT_FOUND") {
    return <Result status="404" title={t("error.notFound")} />;
  }
  if (f.code === "FORBIDDEN") {
    return <Result status="403" title={t("error.forbidden")} subTitle={f.message} />;
  }
  const message = f.code === "NETWORK" ? t("error.network") : isRetryable(f) ? t("error.server") : f.message;
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      message={message}
      action={
        <Button size="small" onClick={onRetry}>
          {t("error.retry")}
        </Button>
      }
    />
  );
}
