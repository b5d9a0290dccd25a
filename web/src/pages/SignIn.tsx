// Sign-in: email and password. `login` sets the HttpOnly session cookie;
// the token it also returns is for apps and is not read here. A wrong
// password, the login limiter and a validation error show on the form,
// and what the user typed stays.

import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useMutation } from "urql";
import { useSearchParams } from "react-router-dom";
import { graphql } from "../gql";
import { apiFailure } from "../api/errors";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n";
import { LanguageSwitch } from "../shell/LanguageSwitch";

const SignInDocument = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      expiresAt
      user {
        id
      }
    }
  }
`);

interface Fields {
  email: string;
  password: string;
}

/** Where to go after signing in: only a path of this console. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignIn() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Fields>();
  const [, login] = useMutation(SignInDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const notice: MessageKey | null =
    params.get("reason") === "expired" ? "signIn.expired" : params.get("reason") === "signed-out" ? "signIn.signedOut" : null;

  async function submit(values: Fields) {
    setBusy(true);
    setFailure(null);
    const result = await login(values, { additionalTypenames: ["User"] });
    setBusy(false);
    if (result.error) {
      const f = apiFailure(result.error);
      if (f.code === "VALIDATION" && (f.field === "email" || f.field === "password")) {
        form.setFields([{ name: f.field, errors: [f.message] }]);
      } else if (f.code === "UNAUTHENTICATED") {
        setFailure(t("signIn.wrong"));
      } else if (f.code === "TOO_MANY_REQUESTS") {
        setFailure(`${t("signIn.tooMany")} (${f.message})`);
      } else if (f.code === "NETWORK") {
        setFailure(t("error.network"));
      } else {
        setFailure(f.message);
      }
      return;
    }
    // A full reload starts the console with the new session's `me`.
    window.location.assign(safeNext(params.get("next")));
  }

  return (
    <main style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "#f5f7fa" }}>
      <Card style={{ width: 380, maxWidth: "92vw" }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline" }}>
          <Typography.Title level={3}>{t("app.name")}</Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t("signIn.title")}
        </Typography.Title>
        {notice && <Alert type="info" showIcon message={t(notice)} style={{ marginBottom: 16 }} />}
        {failure && <Alert role="alert" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            label={t("signIn.email")}
            name="email"
            rules={[{ required: true, message: t("signIn.required") }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t("signIn.password")}
            name="password"
            rules={[{ required: true, message: t("signIn.required") }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("signIn.submit")}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
