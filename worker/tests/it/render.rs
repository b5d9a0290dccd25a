//! The template contract other modules rely on: names and payload fields.

use salesd_domain::notify::render::{ICS_TEMPLATES, LOCALES, TEMPLATES, render, sample_payload};

/// Each template's payload fields: (required, optional). Every payload also
/// has `recipient_name` (required). This is the contract job handlers fill.
const FIELDS: &[(&str, &[&str], &[&str])] = &[
    ("followup_due", &["customer_name", "due_date"], &["note"]),
    (
        "followup_escalation",
        &[
            "customer_name",
            "due_date",
            "assignee_name",
            "working_days_overdue",
        ],
        &["note"],
    ),
    (
        "revisit_upcoming",
        &["customer_name", "due_date", "days_until", "interval_days"],
        &[],
    ),
    (
        "revisit_due",
        &["customer_name", "due_date", "interval_days"],
        &[],
    ),
    (
        "revisit_escalation",
        &["customer_name", "due_date", "days_overdue", "owner_name"],
        &[],
    ),
    (
        "pool_warning",
        &[
            "customer_name",
            "idle_days",
            "threshold_days",
            "reclaim_date",
        ],
        &[],
    ),
    (
        "pool_reclaimed",
        &[
            "customer_name",
            "idle_days",
            "threshold_days",
            "blocked_until",
        ],
        &[],
    ),
    (
        "complaint_escalation",
        &[
            "customer_name",
            "category",
            "severity",
            "received_at",
            "deadline_at",
            "hours_overdue",
        ],
        &["owner_name"],
    ),
    (
        "care_greeting",
        &["contact_name", "occasion_kind", "date", "sender_name"],
        &["occasion"],
    ),
    (
        "care_owner_note",
        &["customer_name", "contact_name", "occasion_kind", "date"],
        &["occasion"],
    ),
    (
        "milestone_overdue",
        &[
            "customer_name",
            "contract_number",
            "contract_title",
            "milestone_name",
            "planned_date",
            "days_overdue",
            "percent_done",
        ],
        &[],
    ),
    (
        "after_sales_overdue",
        &[
            "customer_name",
            "request_subject",
            "priority",
            "created_at",
            "respond_by",
            "hours_late",
        ],
        &["owner_name"],
    ),
    (
        "order_confirmed",
        &[
            "customer_name",
            "order_number",
            "total_amount",
            "currency",
            "line_count",
            "promised_date",
        ],
        &[
            "contract_number",
            "required_date",
            "delivery_place",
            "owner_name",
        ],
    ),
    (
        "delivery_slip",
        &[
            "customer_name",
            "order_number",
            "promised_date",
            "expected_date",
            "days_late",
            "reason",
        ],
        &["owner_name"],
    ),
    (
        "order_due_soon",
        &[
            "customer_name",
            "order_number",
            "status",
            "promised_date",
            "days_until",
        ],
        &["expected_date"],
    ),
    (
        "statement",
        &[
            "audience",
            "customer_name",
            "month",
            "period_start",
            "period_end",
            "opening_balance",
            "sales",
            "receipts",
            "other",
            "closing_balance",
        ],
        &["statement_html"],
    ),
    (
        "dunning_notice",
        &[
            "customer_name",
            "item_label",
            "due_date",
            "item_amount",
            "open_amount",
            "paid_amount",
            "days_overdue",
            "level",
            "final_level",
            "items",
            "total_open",
            "currency",
        ],
        &[
            "owner_name",
            "recipient_role",
            "customer_id",
            "item_id",
            "level_days",
            "credit_hold",
            "high_risk",
            "item_ids",
            "level_items",
            "level_open",
        ],
    ),
    (
        "dunning_alert",
        &[
            "customer_name",
            "item_label",
            "due_date",
            "item_amount",
            "open_amount",
            "paid_amount",
            "days_overdue",
            "level",
            "level_days",
            "items",
            "total_open",
            "currency",
            "credit_hold",
            "high_risk",
        ],
        &[
            "owner_name",
            "recipient_role",
            "customer_id",
            "item_id",
            "final_level",
        ],
    ),
    (
        "dunning_digest",
        &[
            "day",
            "lines",
            "line_count",
            "customer_count",
            "total_open",
            "currency",
        ],
        &[],
    ),
    (
        "cash_handover_overdue",
        &[
            "customer_name",
            "amount",
            "currency",
            "method",
            "collector_name",
            "collected_on",
            "handover_due",
            "days_since",
        ],
        &["reference", "receipt_id"],
    ),
    ("work_log_missing", &["log_day", "due_day"], &["user_id"]),
    (
        "work_log_missing_escalation",
        &["person_name", "first_day", "last_day"],
        &["user_id"],
    ),
    (
        "assessment_result",
        &[
            "period_kind",
            "year",
            "period_no",
            "unit_name",
            "kpis",
            "total",
            "rank_in_unit",
            "unit_size",
            "collected",
            "commission_rate",
            "bonus_multiplier",
            "currency",
        ],
        &["bonus", "completion", "result_id", "grade"],
    ),
    (
        "assessment_unit_summary",
        &[
            "unit_name",
            "period_kind",
            "year",
            "period_no",
            "rows",
            "count",
            "currency",
        ],
        &["unit_id"],
    ),
];

#[test]
fn the_field_contract_matches_the_templates() {
    let names: Vec<&str> = FIELDS.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(names, TEMPLATES);
    for (template, required, optional) in FIELDS {
        let sample = sample_payload(template).expect("sample");
        let mut keys: Vec<&str> = sample
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
        expected.push("recipient_name");
        expected.sort_unstable();
        assert_eq!(keys, expected, "{template}");

        // recipient_name is only used where the mail greets the recipient.
        let must: Vec<&str> = required
            .iter()
            .copied()
            .chain((*template != "care_greeting").then_some("recipient_name"))
            .collect();
        for field in must {
            let mut p = sample.clone();
            p.as_object_mut().unwrap().remove(field);
            let err = render(template, "zh-CN", &p, "k")
                .expect_err(&format!("{template} without {field}"));
            assert!(err.to_string().contains(field), "{template}: {err}");
        }
        for field in *optional {
            for locale in LOCALES {
                let mut p = sample.clone();
                p.as_object_mut().unwrap().remove(*field);
                render(template, locale, &p, "k")
                    .unwrap_or_else(|e| panic!("{template}/{locale} without {field}: {e}"));
            }
        }
    }
}

#[test]
fn reminders_with_a_due_day_carry_an_invitation() {
    for template in TEMPLATES {
        let r = render(template, "en", &sample_payload(template).unwrap(), "k").unwrap();
        assert_eq!(
            r.ics.is_some(),
            ICS_TEMPLATES.contains(template),
            "{template}"
        );
    }
    assert_eq!(
        ICS_TEMPLATES,
        ["followup_due", "revisit_upcoming", "revisit_due"]
    );
}
