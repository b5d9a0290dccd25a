import { Result } from "antd";
import { useI18n } from "../i18n";

/** A path the console does not have; reads like a record out of scope. */
export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t("error.notFound")} />;
}
