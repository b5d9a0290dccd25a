//! Issue 5 "done when": one project from the first lead to the acceptance
//! report, through the GraphQL API only, each step by the role that does it
//! in the company (PIP-1..8, CON-1..8, REC-8), checking the gates, the
//! approvals, the numbers and the audit trail on the way. Every refused step
//! is shown to change nothing before the right step is taken.

use chrono::{Duration, NaiveDate, Utc};
use salesd_domain::clock::company_date;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

/// Runs `query` as `token`, asserts success, returns `data.<field>`.
async fn ok(app: &TestApp, token: &str, field: &str, query: &str, vars: Value) -> Value {
    let r = app.gql(Some(token), query, vars).await;
    assert_ok(&r);
    r["data"][field].clone()
}

/// Today in the company time zone: the day every business rule reads.
fn today() -> NaiveDate {
    company_date(Utc::now())
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

const OPP: &str = "query($id: ID!) { opportunity(id: $id) { id stage version probability amount
  team { userId role } stageHistory { fromStage toStage changedBy { id } } } }";

async fn opportunity(app: &TestApp, token: &str, id: &Value) -> Value {
    ok(app, token, "opportunity", OPP, json!({"id": id})).await
}

async fn move_to(app: &TestApp, token: &str, id: &Value, to: &str) -> Value {
    let o = opportunity(app, token, id).await;
    app.gql(
        Some(token),
        "mutation($id: ID!, $to: OpportunityStage!, $v: Int!) {
           moveOpportunityStage(id: $id, to: $to, version: $v) { stage version } }",
        json!({"id": id, "to": to, "v": o["version"]}),
    )
    .await
}

const CONTRACT: &str = "id number status version amount needsFinance needsCreditApproval
  installments { id position label amount trigger offsetDays dueDate }
  opportunity { id stage } signedDate acceptedDate";

async fn contract(app: &TestApp, token: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ contract(id: $id) {{ {CONTRACT} }} }}");
    ok(app, token, "contract", &q, json!({"id": id})).await
}

async fn contract_step(
    app: &TestApp,
    token: &str,
    mutation: &str,
    id: &Value,
    extra: &str,
    vars: Value,
) -> Value {
    let c = contract(app, token, id).await;
    let mut v = json!({"id": id, "v": c["version"]});
    if let (Some(o), Some(e)) = (v.as_object_mut(), vars.as_object()) {
        o.extend(e.clone());
    }
    let decl = extra
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            let (name, ty) = s.split_once(':').unwrap_or((s, ""));
            format!(", ${}: {}", name.trim(), ty.trim())
        })
        .collect::<String>();
    let args = extra
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            let name = s.split_once(':').map_or(s, |p| p.0).trim();
            format!(", {name}: ${name}")
        })
        .collect::<String>();
    let q = format!(
        "mutation($id: ID!, $v: Int!{decl}) {{ {mutation}(id: $id, version: $v{args}) {{ {CONTRACT} }} }}"
    );
    app.gql(Some(token), &q, v).await
}

async fn audit_actions(
    app: &TestApp,
    token: &str,
    entity: &str,
    id: &Value,
) -> Vec<(String, String)> {
    let r = ok(
        app,
        token,
        "auditTrail",
        "query($e: AuditEntity!, $id: ID!) { auditTrail(entity: $e, id: $id, first: 100) {
           edges { node { action actorLabel actor { id } } } } }",
        json!({"e": entity, "id": id}),
    )
    .await;
    r["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["action"].as_str().unwrap().to_owned(),
                e["node"]["actor"]["id"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn one_project_from_lead_to_acceptance() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let rep_id = app.user_id("rep01@example.com").await;
    let rep2_id = app.user_id("rep02@example.com").await;
    let supervisor = app.login("supervisor.east1@example.com").await;
    let supervisor_id = app.user_id("supervisor.east1@example.com").await;
    let manager = app.login("manager.east@example.com").await;
    let manager_id = app.user_id("manager.east@example.com").await;
    let director = app.login("director@example.com").await;
    let director_id = app.user_id("director@example.com").await;
    let finance = app.login("finance@example.com").await;
    let finance_id = app.user_id("finance@example.com").await;
    let outsider = app.login("rep03@example.com").await;
    let tech_id = app.user_id("tech@example.com").await;

    // PIP-1: the lead, scored at once, qualified into customer + opportunity.
    let lead = ok(
        &app,
        &rep,
        "createLead",
        "mutation($i: CreateLeadInput!) { createLead(input: $i) { id version score } }",
        json!({"i": {"companyName": "苏州精工装备有限公司", "contactName": "周工", "needs": "两条总装线自动化改造",
                     "budget": "1500000", "region": "华东", "sizeClass": "LARGE", "industry": "制造业",
                     "expectedCloseDate": day(90), "source": "EXHIBITION"}}),
    )
    .await;
    assert!(lead["score"].as_i64().unwrap() > 0, "{lead}");
    let q = ok(
        &app,
        &rep,
        "qualifyLead",
        "mutation($id: ID!, $v: Int!, $c: LeadCustomerInput, $o: LeadOpportunityInput!) {
           qualifyLead(id: $id, version: $v, customer: $c, opportunity: $o) {
             opportunityId customer { id } lead { status } } }",
        json!({"id": lead["id"], "v": lead["version"],
               "c": {"name": "苏州精工装备有限公司", "region": "华东", "sizeClass": "LARGE"},
               "o": {"name": "总装线自动化改造", "amount": "1200000.00", "expectedCloseDate": day(90)}}),
    )
    .await;
    assert_eq!(q["lead"]["status"], "QUALIFIED");
    let opp = q["opportunityId"].clone();
    assert_eq!(opportunity(&app, &rep, &opp).await["stage"], "EVALUATION");

    // PIP-3: evaluation, go.
    ok(
        &app,
        &rep,
        "recordEvaluation",
        "mutation($i: RecordEvaluationInput!) { recordEvaluation(input: $i) { id decision } }",
        json!({"i": {"opportunityId": opp, "background": "客户扩产", "needs": "总装线自动化",
                     "budget": "1500000", "decision": "GO"}}),
    )
    .await;

    // PIP-2: the INITIATION gate is closed without an approved application.
    assert_code(&move_to(&app, &rep, &opp, "INITIATION").await, "CONFLICT");
    assert_eq!(opportunity(&app, &rep, &opp).await["stage"], "EVALUATION");

    // PIP-4: ≥ 1 000 000 needs leader, sales manager, rep and technical lead.
    let submit = "mutation($i: SubmitInitiationInput!) { submitInitiation(input: $i) { id version status } }";
    let short_team = json!([{"userId": rep_id, "role": "LEADER"}, {"userId": manager_id, "role": "SALES_MANAGER"}]);
    let a = ok(
        &app,
        &rep,
        "submitInitiation",
        submit,
        json!({"i": {"opportunityId": opp, "basicFacts": "两条总装线", "salesStrategy": "技术领先",
                     "expectedGoals": "一季度签约", "team": short_team}}),
    )
    .await;
    let approve =
        "mutation($id: ID!, $v: Int!) { approveInitiation(id: $id, version: $v) { id status } }";
    let r = app
        .gql(
            Some(&manager),
            approve,
            json!({"id": a["id"], "v": a["version"]}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    ok(
        &app,
        &manager,
        "returnInitiation",
        "mutation($id: ID!, $v: Int!, $r: String!) { returnInitiation(id: $id, version: $v, reason: $r) { status } }",
        json!({"id": a["id"], "v": a["version"], "r": "补齐技术负责人和销售代表"}),
    )
    .await;
    let full_team = json!([
        {"userId": rep_id, "role": "LEADER", "duties": "总负责"},
        {"userId": manager_id, "role": "SALES_MANAGER", "duties": "商务决策"},
        {"userId": rep2_id, "role": "SALES_REP", "duties": "客户日常联系"},
        {"userId": tech_id, "role": "TECH_LEAD", "duties": "技术方案"}]);
    let a = ok(
        &app,
        &rep,
        "submitInitiation",
        submit,
        json!({"i": {"opportunityId": opp, "basicFacts": "两条总装线", "salesStrategy": "技术领先",
                     "expectedGoals": "一季度签约", "team": full_team}}),
    )
    .await;
    // Never one's own approval: the rep cannot approve.
    let r = app
        .gql(
            Some(&rep),
            approve,
            json!({"id": a["id"], "v": a["version"]}),
        )
        .await;
    assert!(r["errors"].is_array(), "{r}");
    let approved = ok(
        &app,
        &manager,
        "approveInitiation",
        approve,
        json!({"id": a["id"], "v": a["version"]}),
    )
    .await;
    assert_eq!(approved["status"], "APPROVED");
    let o = opportunity(&app, &rep, &opp).await;
    assert_eq!(o["team"].as_array().unwrap().len(), 4, "{o}");
    assert_ok(&move_to(&app, &rep, &opp, "INITIATION").await);
    assert_ok(&move_to(&app, &rep, &opp, "REQUIREMENTS").await);

    // PIP-5: the PROPOSAL gate needs the requirements report.
    assert_code(&move_to(&app, &rep, &opp, "PROPOSAL").await, "CONFLICT");
    ok(
        &app,
        &rep,
        "recordRequirementsReport",
        "mutation($i: RecordRequirementsReportInput!) { recordRequirementsReport(input: $i) { id } }",
        json!({"i": {"opportunityId": opp, "functionalNeeds": "节拍 45 秒，兼容三种车型",
                     "qualityStandards": "GB/T 19001", "deliveryTime": "签约后 120 天", "gatheredBy": "SITE_VISIT"}}),
    )
    .await;
    assert_ok(&move_to(&app, &rep, &opp, "PROPOSAL").await);

    // PIP-6: a quote with exact totals; margin 25% ⇒ the rep's direct head.
    let quote = ok(
        &app,
        &rep,
        "createQuote",
        "mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id rowVersion total cost marginPercent } }",
        json!({"i": {"opportunityId": opp, "validUntil": day(30), "paymentTerms": "3-6-1",
                     "lines": [
                       {"description": "总装线 A", "quantity": "1", "unitPrice": "700000.00", "unitCost": "525000.00"},
                       {"description": "总装线 B", "quantity": "1", "unitPrice": "500000.00", "unitCost": "375000.00"}]}}),
    )
    .await;
    assert_eq!(quote["total"], "1200000.00");
    assert_eq!(quote["cost"], "900000.00");
    assert_eq!(quote["marginPercent"], "25.00");
    let qid = quote["id"].clone();
    let quote_step = |name: &'static str| {
        format!(
            "mutation($id: ID!, $v: Int!) {{ {name}(id: $id, rowVersion: $v) {{ id rowVersion status requiredApproverRole }} }}"
        )
    };
    let s = ok(
        &app,
        &rep,
        "submitQuote",
        &quote_step("submitQuote"),
        json!({"id": qid, "v": quote["rowVersion"]}),
    )
    .await;
    assert_eq!(s["requiredApproverRole"], "DIRECT_HEAD");
    // Not sent unapproved (不得擅自对外报价), and not approved by its author.
    assert_code(
        &app.gql(
            Some(&rep),
            &quote_step("sendQuote"),
            json!({"id": qid, "v": s["rowVersion"]}),
        )
        .await,
        "CONFLICT",
    );
    assert!(
        app.gql(
            Some(&rep),
            &quote_step("approveQuote"),
            json!({"id": qid, "v": s["rowVersion"]})
        )
        .await["errors"]
            .is_array()
    );
    let s = ok(
        &app,
        &supervisor,
        "approveQuote",
        &quote_step("approveQuote"),
        json!({"id": qid, "v": s["rowVersion"]}),
    )
    .await;
    assert_eq!(s["status"], "APPROVED");
    // The NEGOTIATION gate opens with the quote sent.
    assert_code(&move_to(&app, &rep, &opp, "NEGOTIATION").await, "CONFLICT");
    let s = ok(
        &app,
        &rep,
        "sendQuote",
        &quote_step("sendQuote"),
        json!({"id": qid, "v": s["rowVersion"]}),
    )
    .await;
    assert_ok(&move_to(&app, &rep, &opp, "NEGOTIATION").await);

    // PIP-7: the negotiation, then the customer accepts: the CONTRACT gate.
    ok(
        &app,
        &rep,
        "recordNegotiation",
        "mutation($i: RecordNegotiationInput!) { recordNegotiation(input: $i) { id } }",
        json!({"i": {"opportunityId": opp, "occurredOn": day(0), "price": "1200000.00",
                     "paymentMethod": "3-6-1 分期", "notes": "客户接受总价，付款期 120 天"}}),
    )
    .await;
    assert_code(&move_to(&app, &rep, &opp, "CONTRACT").await, "CONFLICT");
    ok(
        &app,
        &rep,
        "recordQuoteDecision",
        "mutation($id: ID!, $v: Int!) { recordQuoteDecision(id: $id, rowVersion: $v, accepted: true) { status } }",
        json!({"id": qid, "v": s["rowVersion"]}),
    )
    .await;
    assert_ok(&move_to(&app, &rep, &opp, "CONTRACT").await);
    // PIP-2: WON needs a signed contract.
    assert_code(&move_to(&app, &rep, &opp, "WON").await, "CONFLICT");

    // PIP-8: the project weighs 90% of its amount in the forecast.
    let f = ok(
        &app,
        &manager,
        "pipelineSummary",
        "query { pipelineSummary { stages { stage count amount } } }",
        json!({}),
    )
    .await;
    let contract_row = f["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "CONTRACT")
        .cloned()
        .unwrap();
    assert_eq!(contract_row["count"], 1);
    assert_eq!(contract_row["amount"], "1200000.00");

    // CON-1: the contract from the accepted quote; installments that miss
    // the amount by one cent are refused and nothing is created.
    let create = format!(
        "mutation($i: CreateContractFromQuoteInput!) {{ createContractFromQuote(input: $i) {{ {CONTRACT} }} }}"
    );
    let plan = |last: &str| {
        json!([
            {"label": "签约预付款 30%", "amount": "360000.00", "trigger": "SIGNING", "offsetDays": 10},
            {"label": "到货款 60%", "amount": "720000.00", "trigger": "DELIVERY", "offsetDays": 30},
            {"label": "质保金 10%", "amount": last, "trigger": "WARRANTY_END", "offsetDays": 0}])
    };
    let input = |last: &str| {
        json!({"i": {"quoteId": qid, "paymentTermsDays": 120, "paymentMethod": "BANK_TRANSFER",
                      "warrantyMonths": 12, "deliveryTerms": "签约后 120 天交付", "installments": plan(last)}})
    };
    let r = app.gql(Some(&rep), &create, input("119999.99")).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(app.count("SELECT count(*) FROM contracts").await, 0);
    let c = ok(
        &app,
        &rep,
        "createContractFromQuote",
        &create,
        input("120000.00"),
    )
    .await;
    let cid = c["id"].clone();
    let year = today().format("%Y").to_string();
    assert_eq!(c["number"], format!("HT-{year}-0001"));
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["amount"], "1200000.00");
    // ORG-3: another team's rep sees nothing.
    let r = app
        .gql(
            Some(&outsider),
            "query($id: ID!) { contract(id: $id) { id } }",
            json!({"id": cid}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");

    // REC-8: the new customer has only the GENERAL default limit
    // (500 000.00); finance grants 2 000 000.00 for this project.
    let r = app
        .gql(
            Some(&finance),
            "mutation($c: ID!) { setCustomerCredit(customerId: $c, limit: \"2000000.00\", rating: \"A\") { limit limitSource } }",
            json!({"c": q["customer"]["id"]}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["setCustomerCredit"]["limitSource"], "CUSTOMER");

    // CON-2: 120-day terms ⇒ finance reviews before the director.
    let r = contract_step(&app, &rep, "submitContract", &cid, "", json!({})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["submitContract"]["needsFinance"], true);
    let r = contract_step(&app, &director, "approveContract", &cid, "", json!({})).await;
    assert_code(&r, "CONFLICT");
    assert_eq!(contract(&app, &director, &cid).await["status"], "IN_REVIEW");
    assert_ok(&contract_step(&app, &finance, "approveContract", &cid, "", json!({})).await);
    let r = contract_step(&app, &director, "approveContract", &cid, "", json!({})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["approveContract"]["status"], "APPROVED");
    let r = contract_step(
        &app,
        &rep,
        "signContract",
        &cid,
        "signedDate: Date!",
        json!({"signedDate": day(0)}),
    )
    .await;
    assert_ok(&r);
    let c = &r["data"]["signContract"];
    assert_eq!(c["status"], "SIGNED");
    // Signing makes the SIGNING installment due and wins the opportunity.
    assert_eq!(c["installments"][0]["dueDate"], day(10));
    assert_eq!(c["installments"][1]["dueDate"], Value::Null);
    assert_eq!(opportunity(&app, &rep, &opp).await["stage"], "WON");

    // CON-3: the order under the contract; confirming it starts execution
    // and notifies finance and the executive.
    let order = ok(
        &app,
        &rep,
        "createOrder",
        "mutation($i: CreateOrderInput!) { createOrder(input: $i) { id version lines { id } } }",
        json!({"i": {"customerId": q["customer"]["id"], "contractId": cid, "promisedDate": day(100),
                     "deliveryPlace": "苏州工业园区", "shippingMethod": "汽运",
                     "lines": [{"product": "总装线 A", "quantity": "1", "unitPrice": "700000.00"},
                               {"product": "总装线 B", "quantity": "2", "unitPrice": "250000.00"}]}}),
    )
    .await;
    let oid = order["id"].clone();
    let confirmed = ok(
        &app,
        &rep,
        "confirmOrder",
        "mutation($id: ID!, $v: Int!) { confirmOrder(id: $id, version: $v) { status version } }",
        json!({"id": oid, "v": order["version"]}),
    )
    .await;
    assert_eq!(confirmed["status"], "CONFIRMED");
    assert_eq!(contract(&app, &rep, &cid).await["status"], "EXECUTING");
    let notified: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT recipient_user_id) FROM notifications
         WHERE kind = 'order_confirmed' AND recipient_user_id IN ($1::text::uuid, $2::text::uuid)",
    )
    .bind(finance_id.as_str())
    .bind(app.user_id("gm@example.com").await.as_str())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(notified, 2);

    // CON-5: a partial shipment; more than ordered is refused.
    let ship = "mutation($i: RecordShipmentInput!) { recordShipment(input: $i) { id amount } }";
    let lines = order["lines"].as_array().unwrap().clone();
    let r = app
        .gql(Some(&rep), ship, json!({"i": {"orderId": oid, "shippedDate": day(0),
                                             "lines": [{"orderLineId": lines[1]["id"], "quantity": "3"}]}}))
        .await;
    assert_code(&r, "VALIDATION");
    let s1 = ok(&app, &rep, "recordShipment", ship, json!({"i": {"orderId": oid, "shippedDate": day(0), "carrier": "德邦物流",
        "lines": [{"orderLineId": lines[0]["id"], "quantity": "1"}, {"orderLineId": lines[1]["id"], "quantity": "1"}]}})).await;
    assert_eq!(s1["amount"], "950000.00");

    // CON-7: no acceptance before delivery.
    let accept =
        "mutation($i: RecordAcceptanceInput!) { recordAcceptance(input: $i) { id result } }";
    let r = app
        .gql(Some(&rep), accept, json!({"i": {"contractId": cid, "acceptedOn": day(0), "result": "PASSED", "report": "验收合格"}}))
        .await;
    assert_code(&r, "CONFLICT");

    let s2 = ok(
        &app,
        &rep,
        "recordShipment",
        ship,
        json!({"i": {"orderId": oid, "shippedDate": day(0),
        "lines": [{"orderLineId": lines[1]["id"], "quantity": "1"}]}}),
    )
    .await;
    assert_eq!(s2["amount"], "250000.00");
    let deliver = "mutation($id: ID!, $d: Date!) { confirmDelivery(shipmentId: $id, deliveredDate: $d) { id } }";
    ok(
        &app,
        &rep,
        "confirmDelivery",
        deliver,
        json!({"id": s1["id"], "d": day(0)}),
    )
    .await;
    ok(
        &app,
        &rep,
        "confirmDelivery",
        deliver,
        json!({"id": s2["id"], "d": day(0)}),
    )
    .await;
    let c = contract(&app, &rep, &cid).await;
    assert_eq!(c["installments"][1]["dueDate"], day(30), "{c}");

    // CON-6: the milestone is done.
    let m = ok(
        &app,
        &rep,
        "addMilestone",
        "mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { id version } }",
        json!({"i": {"contractId": cid, "name": "安装调试", "plannedDate": day(0)}}),
    )
    .await;
    ok(
        &app,
        &rep,
        "updateMilestone",
        "mutation($id: ID!, $v: Int!, $i: UpdateMilestoneInput!) { updateMilestone(id: $id, version: $v, input: $i) { percentDone } }",
        json!({"id": m["id"], "v": m["version"], "i": {"actualDate": day(0)}}),
    )
    .await;

    // CON-7: accepted; the warranty installment falls due a year later.
    let a = ok(&app, &rep, "recordAcceptance", accept,
        json!({"i": {"contractId": cid, "acceptedOn": day(0), "result": "PASSED", "report": "两条线节拍达标，验收合格"}})).await;
    assert_eq!(a["result"], "PASSED");
    let c = contract(&app, &finance, &cid).await;
    assert_eq!(c["status"], "ACCEPTED");
    let warranty_end = (today() + chrono::Months::new(12))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(c["installments"][2]["dueDate"], warranty_end);

    // REC-2 / CON-8: finance invoices the prepayment and records a partial
    // receipt; the overview traces each figure to those records.
    let c = contract(&app, &finance, &cid).await;
    ok(
        &app,
        &finance,
        "recordInvoice",
        "mutation($i: RecordInvoiceInput!) { recordInvoice(input: $i) { id } }",
        json!({"i": {"itemId": c["installments"][0]["id"], "number": "FP-2026-000123",
                     "amount": "360000.00", "issueDate": day(0)}}),
    )
    .await;
    ok(
        &app,
        &finance,
        "recordReceipt",
        "mutation($i: RecordReceiptInput!) { recordReceipt(input: $i) { id } }",
        json!({"i": {"customerId": q["customer"]["id"], "amount": "300000.00", "receivedOn": day(0),
                     "method": "BANK_TRANSFER", "reference": "网银 0098"}}),
    )
    .await;
    let p = ok(
        &app,
        &director,
        "contractPerformance",
        "query($id: ID!) { contractPerformance(contractId: $id) {
           amount delivered invoiced received outstanding } }",
        json!({"id": cid}),
    )
    .await;
    assert_eq!(p["amount"], "1200000.00");
    assert_eq!(p["delivered"], "1200000.00");
    assert_eq!(p["invoiced"], "360000.00");
    assert_eq!(p["received"], "300000.00");
    assert_eq!(p["outstanding"], "60000.00");
    // The rep cannot record money (finance does).
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: RecordReceiptInput!) { recordReceipt(input: $i) { id } }",
            json!({"i": {"customerId": q["customer"]["id"], "amount": "1.00", "receivedOn": day(0),
                         "method": "CASH"}}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");

    // ORG-4: who did what, in order.
    let contract_audit = audit_actions(&app, &director, "CONTRACT", &cid).await;
    let actions: Vec<&str> = contract_audit.iter().map(|(a, _)| a.as_str()).collect();
    for expected in [
        "CREATE",
        "SUBMIT",
        "APPROVE_FINANCE",
        "APPROVE_DIRECTOR",
        "SIGN",
        "START_EXECUTION",
        "ACCEPT",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing in {actions:?}"
        );
    }
    assert!(contract_audit.contains(&("APPROVE_FINANCE".into(), finance_id.clone())));
    assert!(contract_audit.contains(&("APPROVE_DIRECTOR".into(), director_id.clone())));
    let opp_audit = audit_actions(&app, &director, "OPPORTUNITY", &opp).await;
    assert!(
        opp_audit.iter().any(|(_, who)| who == &rep_id),
        "{opp_audit:?}"
    );
    let o = opportunity(&app, &director, &opp).await;
    let stages: Vec<&str> = o["stageHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["toStage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "EVALUATION",
            "INITIATION",
            "REQUIREMENTS",
            "PROPOSAL",
            "NEGOTIATION",
            "CONTRACT",
            "WON"
        ]
    );
    let _ = (supervisor_id, manager_id);
}
