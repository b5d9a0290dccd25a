import { useMemo } from "react";
import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { Provider as UrqlProvider } from "urql";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { makeClient } from "./api/client";
import { useI18n } from "./i18n";
import { RequireSession } from "./session";
import { Shell } from "./shell/Shell";
import { CustomerDetail } from "./pages/customers/CustomerDetail";
import { CustomerList } from "./pages/customers/CustomerList";
import { NewCustomer } from "./pages/customers/NewCustomer";
import { Approvals } from "./pages/approvals/Approvals";
import { OpportunityDetail } from "./pages/pipeline/OpportunityDetail";
import { PipelineBoard } from "./pages/pipeline/PipelineBoard";
import { Inbox } from "./pages/Inbox";
import { MyDay } from "./pages/MyDay";
import { NotFound } from "./pages/NotFound";
import { Profile } from "./pages/Profile";
import { SignIn } from "./pages/SignIn";

/** Back to sign-in with "your session expired" (once, not from sign-in). */
function sessionEnded() {
  if (!window.location.pathname.startsWith("/sign-in")) {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`/sign-in?reason=expired&next=${next}`);
  }
}

export function App() {
  const { lang } = useI18n();
  const client = useMemo(() => makeClient(sessionEnded), []);
  return (
    <ConfigProvider locale={lang === "en" ? enUS : zhCN}>
      <UrqlProvider value={client}>
        <BrowserRouter>
          <Routes>
            <Route path="/sign-in" element={<SignIn />} />
            <Route
              path="*"
              element={
                <RequireSession>
                  <Shell>
                    <Routes>
                      <Route path="/" element={<MyDay />} />
                      <Route path="/customers" element={<CustomerList />} />
                      <Route path="/customers/new" element={<NewCustomer />} />
                      <Route path="/customers/:id" element={<CustomerDetail />} />
                      <Route path="/pipeline" element={<PipelineBoard />} />
                      <Route path="/opportunities/:id" element={<OpportunityDetail />} />
                      <Route path="/approvals" element={<Approvals />} />
                      <Route path="/inbox" element={<Inbox />} />
                      <Route path="/profile" element={<Profile />} />
                      <Route path="*" element={<NotFound />} />
                    </Routes>
                  </Shell>
                </RequireSession>
              }
            />
          </Routes>
        </BrowserRouter>
      </UrqlProvider>
    </ConfigProvider>
  );
}
