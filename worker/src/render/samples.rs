//! A realistic payload for every template, for tests here and in other
//! crates (a payload that lacks a field the template uses fails to render,
//! so these double as the reference for each template's fields).

use serde_json::{Value, json};

/// A sample payload for `template` (one of [`super::TEMPLATES`]), or `None`
/// for an unknown name.
pub fn sample_payload(template: &str) -> Option<Value> {
    let payload = match template {
        "followup_due" => json!({
            "recipient_name": "李娜",
            "customer_name": "上海华信科技有限公司",
            "due_date": "2026-11-25",
            "note": "确认第二季度报价，约下周拜访",
        }),
        "followup_escalation" => json!({
            "recipient_name": "王强",
            "customer_name": "上海华信科技有限公司",
            "due_date": "2026-11-20",
            "assignee_name": "李娜",
            "working_days_overdue": 3,
            "note": "确认第二季度报价",
        }),
        "revisit_upcoming" => json!({
            "recipient_name": "李娜",
            "customer_name": "杭州云帆贸易有限公司",
            "due_date": "2026-11-28",
            "days_until": 3,
            "interval_days": 30,
        }),
        "revisit_due" => json!({
            "recipient_name": "李娜",
            "customer_name": "杭州云帆贸易有限公司",
            "due_date": "2026-11-25",
            "interval_days": 30,
        }),
        "revisit_escalation" => json!({
            "recipient_name": "王强",
            "customer_name": "杭州云帆贸易有限公司",
            "due_date": "2026-11-18",
            "days_overdue": 7,
            "owner_name": "李娜",
        }),
        "pool_warning" => json!({
            "recipient_name": "李娜",
            "customer_name": "苏州恒达机械制造有限公司",
            "idle_days": 83,
            "threshold_days": 90,
            "reclaim_date": "2026-11-29",
        }),
        "pool_reclaimed" => json!({
            "recipient_name": "李娜",
            "customer_name": "苏州恒达机械制造有限公司",
            "idle_days": 90,
            "threshold_days": 90,
            "blocked_until": "2026-12-22",
        }),
        "complaint_escalation" => json!({
            "recipient_name": "赵敏",
            "customer_name": "南京金陵医疗器械有限公司",
            "category": "产品质量",
            "severity": "HIGH",
            "received_at": "2026-11-21 09:30",
            "deadline_at": "2026-11-22 18:00",
            "hours_overdue": 5,
            "owner_name": "李娜",
        }),
        "care_greeting" => json!({
            "recipient_name": "陈先生",
            "contact_name": "陈建国",
            "occasion_kind": "HOLIDAY",
            "occasion": "春节",
            "date": "2027-02-06",
            "sender_name": "李娜",
        }),
        "care_owner_note" => json!({
            "recipient_name": "李娜",
            "customer_name": "南京金陵医疗器械有限公司",
            "contact_name": "陈建国",
            "occasion_kind": "BIRTHDAY",
            "occasion": "",
            "date": "2026-11-25",
        }),
        _ => return None,
    };
    Some(payload)
}
