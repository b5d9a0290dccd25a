import { Card, Descriptions, Tag } from "antd";
import { useI18n } from "../i18n";
import { useMe } from "../session";
import { LanguageSwitch } from "../shell/LanguageSwitch";

/** Who the user is, their roles and unit, and the console's language. */
export function Profile() {
  const me = useMe();
  const { t } = useI18n();
  return (
    <Card title={t("profile.title")}>
      <Descriptions column={1} bordered>
        <Descriptions.Item label={t("signIn.email")}>{me.email}</Descriptions.Item>
        <Descriptions.Item label={t("profile.roles")}>
          {me.roles.map((r) => (
            <Tag key={r}>{t(`role.${r}`)}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t("profile.unit")}>{me.unit.name}</Descriptions.Item>
        <Descriptions.Item label={t("profile.language")}>
          <LanguageSwitch />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
