import { Button } from "antd";
import { useI18n } from "../i18n";

/** Switches between zh-CN and en; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button type="link" onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}>
      {t("nav.language")}
    </Button>
  );
}
