import { Suspense, lazy, useMemo } from "react";
import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { Provider as UrqlProvider } from "urql";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { makeClient } from "./api/client";
import { useI18n } from "./i18n";
import { RequireSession } from "./session";
import { Shell } from "./shell/Shell";
import { MyDay } from "./pages/MyDay";
import { NotFound } from "./pages/NotFound";
import { SignIn } from "./pages/SignIn";
import { Loading } from "./shell/states";

// Screens other than sign-in and "my day" load when first opened, so the
// first page carries only what it shows.
const CustomerDetail = lazy(() => import("./pages/customers/CustomerDetail").then((m) => ({ default: m.CustomerDetail })));
const CustomerList = lazy(() => import("./pages/customers/CustomerList").then((m) => ({ default: m.CustomerList })));
const NewCustomer = lazy(() => import("./pages/customers/NewCustomer").then((m) => ({ default: m.NewCustomer })));
const Approvals = lazy(() => import("./pages/approvals/Approvals").then((m) => ({ default: m.Approvals })));
const OpportunityDetail = lazy(() =>
  import("./pages/pipeline/OpportunityDetail").then((m) => ({ default: m.OpportunityDetail })),
);
const PipelineBoard = lazy(() => import("./pages/pipeline/PipelineBoard").then((m) => ({ default: m.PipelineBoard })));
const Leads = lazy(() => import("./pages/leads/Leads").then((m) => ({ default: m.Leads })));
const Team = lazy(() => import("./pages/team/Team").then((m) => ({ default: m.Team })));
const Inbox = lazy(() => import("./pages/Inbox").then((m) => ({ default: m.Inbox })));
const Profile = lazy(() => import("./pages/Profile").then((m) => ({ default: m.Profile })));

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
                    <Suspense fallback={<Loading />}>
                    <Routes>
                      <Route path="/" element={<MyDay />} />
                      <Route path="/customers" element={<CustomerList />} />
                      <Route path="/customers/new" element={<NewCustomer />} />
                      <Route path="/customers/:id" element={<CustomerDetail />} />
                      <Route path="/leads" element={<Leads />} />
                      <Route path="/pipeline" element={<PipelineBoard />} />
                      <Route path="/opportunities/:id" element={<OpportunityDetail />} />
                      <Route path="/approvals" element={<Approvals />} />
                      <Route path="/team" element={<Team />} />
                      <Route path="/inbox" element={<Inbox />} />
                      <Route path="/profile" element={<Profile />} />
                      <Route path="*" element={<NotFound />} />
                    </Routes>
                    </Suspense>
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
