use serde_json::json;

use super::*;

fn sample(template: &str) -> Value {
    sample_payload(template).expect("sample payload")
}

/// Every template renders in every locale from its sample payload: a missing
/// file does not compile, a missing variable or a syntax error fails here.
#[test]
fn every_template_renders_in_both_locales() {
    for template in TEMPLATES {
        for locale in LOCALES {
            let r = render(template, locale, &sample(template), "n:1")
                .unwrap_or_else(|e| panic!("{template}/{locale}: {e}"));
            assert!(!r.subject.is_empty(), "{template}/{locale}");
            assert_eq!(r.subject, one_line(&r.subject), "{template}/{locale}");
            assert!(!r.text.trim().is_empty(), "{template}/{locale}");
            assert!(
                r.html.starts_with("<!DOCTYPE html>") && r.html.trim_end().ends_with("</html>"),
                "{template}/{locale}: {}",
                r.html
            );
            for body in [&r.subject, &r.text, &r.html] {
                assert!(!body.contains("{{") && !body.contains("{%"), "{body}");
            }
            assert_eq!(
                r.ics.is_some(),
                ICS_TEMPLATES.contains(template),
                "{template}/{locale}"
            );
        }
    }
}

#[test]
fn samples_exist_for_exactly_the_templates() {
    for template in TEMPLATES {
        assert!(sample_payload(template).is_some(), "{template}");
    }
    assert!(sample_payload("nope").is_none());
}

#[test]
fn subjects_read_naturally() {
    let zh = render(
        "revisit_upcoming",
        "zh-CN",
        &sample("revisit_upcoming"),
        "k",
    )
    .unwrap();
    assert_eq!(
        zh.subject,
        "【回访提醒】客户「杭州云帆贸易有限公司」的定期回访将于2026年11月28日（周六）到期"
    );
    let en = render("revisit_upcoming", "en", &sample("revisit_upcoming"), "k").unwrap();
    assert_eq!(
        en.subject,
        "Revisit coming up: 杭州云帆贸易有限公司, due Sat 28 Nov 2026"
    );
    assert!(en.text.starts_with("Hi 李娜,\n\n"), "{}", en.text);
    assert!(en.text.contains("in 3 days."), "{}", en.text);
}

#[test]
fn unknown_locales_fall_back_to_chinese() {
    assert_eq!(resolve_locale("zh-CN"), "zh-CN");
    assert_eq!(resolve_locale("en"), "en");
    assert_eq!(resolve_locale("EN-us"), "en");
    assert_eq!(resolve_locale("en_GB"), "en");
    assert_eq!(resolve_locale("fr"), "zh-CN");
    assert_eq!(resolve_locale(""), "zh-CN");
    assert_eq!(resolve_locale("eng"), "zh-CN");
    let p = sample("pool_warning");
    assert_eq!(
        render("pool_warning", "de-DE", &p, "k").unwrap(),
        render("pool_warning", "zh-CN", &p, "k").unwrap()
    );
}

#[test]
fn unknown_template_and_bad_payloads_are_errors() {
    assert!(matches!(
        render("nope", "en", &json!({}), "k"),
        Err(RenderError::UnknownTemplate(t)) if t == "nope"
    ));
    assert!(matches!(
        render("pool_warning", "en", &json!([1, 2]), "k"),
        Err(RenderError::Failed { .. })
    ));
    // Strict undefined: a missing required field fails instead of printing "".
    for template in TEMPLATES {
        let mut p = sample(template);
        let field = if p.get("customer_name").is_some() {
            "customer_name"
        } else if p.get("contact_name").is_some() {
            "contact_name"
        } else {
            // Notes about a person's own work (AUTO-5 work logs) name no
            // customer: their greeting is required instead.
            "recipient_name"
        };
        p.as_object_mut().unwrap().remove(field);
        let err = render(template, "zh-CN", &p, "k").expect_err(template);
        assert!(
            err.to_string().contains(field),
            "{template}: the error names the field: {err}"
        );
    }
    let mut p = sample("revisit_due");
    p["due_date"] = json!("next week");
    let err = render("revisit_due", "en", &p, "k").expect_err("bad due date");
    assert!(err.to_string().contains("due_date"), "{err}");
}

#[test]
fn optional_fields_may_be_absent_or_null() {
    for (template, field) in [
        ("followup_due", "note"),
        ("followup_escalation", "note"),
        ("complaint_escalation", "owner_name"),
    ] {
        for locale in LOCALES {
            let full = render(template, locale, &sample(template), "k").unwrap();
            let value = sample(template)[field].as_str().unwrap().to_owned();
            assert!(full.text.contains(&value) && full.html.contains(&value));
            let mut absent = sample(template);
            absent.as_object_mut().unwrap().remove(field);
            let mut null = sample(template);
            null[field] = Value::Null;
            for p in [absent, null] {
                let r = render(template, locale, &p, "k").expect(template);
                assert!(!r.text.contains(&value), "{template}/{locale}");
                assert!(!r.text.contains("none"), "{}", r.text);
            }
        }
    }
}

#[test]
fn html_is_escaped_and_text_is_not() {
    let mut p = sample("pool_warning");
    p["customer_name"] = json!("<script>alert('x')</script> & Co");
    for locale in LOCALES {
        let r = render("pool_warning", locale, &p, "k").unwrap();
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(r.html.contains("&amp; Co"), "{}", r.html);
        assert!(r.text.contains("<script>alert('x')</script> & Co"));
        assert!(r.subject.contains("<script>"), "subjects are plain text");
    }
}

#[test]
fn subject_is_one_line_whatever_the_payload() {
    let mut p = sample("pool_reclaimed");
    p["customer_name"] = json!("ACME\r\nBcc: evil@example.com\r\nX-Injected:\t1\u{2028}end");
    for locale in LOCALES {
        let r = render("pool_reclaimed", locale, &p, "k").unwrap();
        assert!(
            !r.subject.chars().any(|c| c.is_control()),
            "{:?}",
            r.subject
        );
        assert!(
            r.subject
                .contains("ACME Bcc: evil@example.com X-Injected: 1 end"),
            "{:?}",
            r.subject
        );
    }
    assert_eq!(one_line("  a\r\n\r\n b\tc\u{0}d\u{85}e  "), "a b c d e");
}

#[test]
fn rendering_is_deterministic() {
    for template in TEMPLATES {
        let a = render(template, "en", &sample(template), "n:9").unwrap();
        let b = render(template, "en", &sample(template), "n:9").unwrap();
        assert_eq!(a, b, "{template}");
    }
}

#[test]
fn complaint_severity_is_translated_and_unknown_values_shown() {
    let r = render(
        "complaint_escalation",
        "zh-CN",
        &sample("complaint_escalation"),
        "k",
    )
    .unwrap();
    assert!(r.subject.contains("严重程度：高"), "{}", r.subject);
    let r = render(
        "complaint_escalation",
        "en",
        &sample("complaint_escalation"),
        "k",
    )
    .unwrap();
    assert!(r.subject.contains("(high severity)"), "{}", r.subject);
    let mut p = sample("complaint_escalation");
    p["severity"] = json!("CRITICAL");
    let r = render("complaint_escalation", "en", &p, "k").unwrap();
    assert!(r.subject.contains("(CRITICAL severity)"), "{}", r.subject);
}

#[test]
fn care_greeting_words_birthdays_and_holidays_differently() {
    let holiday = sample("care_greeting");
    let mut birthday = holiday.clone();
    birthday["occasion_kind"] = json!("BIRTHDAY");
    birthday["occasion"] = json!("");
    let zh_h = render("care_greeting", "zh-CN", &holiday, "k").unwrap();
    let zh_b = render("care_greeting", "zh-CN", &birthday, "k").unwrap();
    assert_eq!(zh_h.subject, "陈建国，祝您春节快乐！");
    assert_eq!(zh_b.subject, "陈建国，祝您生日快乐！");
    assert!(
        zh_h.text.contains("值此春节之际") && zh_h.text.ends_with("李娜\n2027年2月6日（周六）\n")
    );
    let en_b = render("care_greeting", "en", &birthday, "k").unwrap();
    assert_eq!(en_b.subject, "Happy birthday, 陈建国!");
    assert!(
        en_b.text.ends_with("Best regards,\n李娜\n"),
        "{}",
        en_b.text
    );
    // Sent to a customer: no "automated, do not reply" footer.
    assert!(!zh_h.html.contains("请勿直接回复") && !en_b.html.contains("do not reply"));
    assert!(zh_h.ics.is_none());
}

#[test]
fn dates_are_shown_nicely_and_other_strings_as_they_are() {
    assert_eq!(zh_date("2026-11-25".into()), "2026年11月25日（周三）");
    assert_eq!(en_date("2026-11-25".into()), "Wed 25 Nov 2026");
    assert_eq!(zh_date("2026-11-22 18:00".into()), "2026-11-22 18:00");
    assert_eq!(en_date("soon".into()), "soon");
}

// ---- iCalendar ----

/// Unfolds content lines (RFC 5545 §3.1) after checking the raw form.
fn content_lines(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"), "{ics:?}");
    let raw = ics.strip_suffix("\r\n").unwrap();
    let mut lines: Vec<String> = Vec::new();
    for line in raw.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare newline in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        match line.strip_prefix(' ') {
            Some(more) => lines.last_mut().expect("continuation first").push_str(more),
            None => lines.push(line.to_owned()),
        }
    }
    lines
}

fn property<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
        .unwrap_or_else(|| panic!("{name} in {lines:?}"))
}

#[test]
fn ics_is_one_all_day_event_on_the_due_day() {
    let r = render(
        "revisit_due",
        "zh-CN",
        &sample("revisit_due"),
        "revisit:42:2026-11-25",
    )
    .unwrap();
    let ics = r.ics.expect("ics");
    let lines = content_lines(&ics);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert_eq!(property(&lines, "VERSION"), "2.0");
    assert_eq!(property(&lines, "METHOD"), "PUBLISH");
    assert_eq!(property(&lines, "CALSCALE"), "GREGORIAN");
    assert!(property(&lines, "PRODID").contains("salesd"));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), 1);
    let uid = property(&lines, "UID");
    assert_eq!(uid, calendar_uid("revisit:42:2026-11-25"));
    assert_eq!(uid.len(), 64 + "@salesd".len());
    assert_ne!(uid, calendar_uid("revisit:42:2026-12-25"));
    assert_eq!(property(&lines, "DTSTAMP"), "20261125T000000Z");
    assert_eq!(property(&lines, "DTSTART;VALUE=DATE"), "20261125");
    assert_eq!(property(&lines, "DTEND;VALUE=DATE"), "20261126");
    assert_eq!(property(&lines, "SUMMARY"), ics_escape_text(&r.subject));
    assert!(property(&lines, "DESCRIPTION").contains("杭州云帆贸易有限公司"));
}

#[test]
fn ics_event_ends_the_next_day_across_month_and_year_ends() {
    let mut p = sample("followup_due");
    p["due_date"] = json!("2026-12-31");
    let ics = render("followup_due", "en", &p, "k").unwrap().ics.unwrap();
    let lines = content_lines(&ics);
    assert_eq!(property(&lines, "DTSTART;VALUE=DATE"), "20261231");
    assert_eq!(property(&lines, "DTEND;VALUE=DATE"), "20270101");
}

#[test]
fn ics_text_values_are_escaped() {
    assert_eq!(
        ics_escape_text("a\\b;c,d\r\ne\nf\rg\th\u{7}i"),
        "a\\\\b\\;c\\,d\\ne\\nf\\ng h i"
    );
    // A payload with every special character stays inside its property.
    let mut p = sample("followup_due");
    p["customer_name"] = json!("A; B, C \\ D\r\nBEGIN:VALARM");
    p["note"] = json!("line one\nline two; done");
    let ics = render("followup_due", "en", &p, "k").unwrap().ics.unwrap();
    let lines = content_lines(&ics);
    assert!(!lines.iter().any(|l| l == "BEGIN:VALARM"), "{lines:?}");
    let summary = property(&lines, "SUMMARY");
    assert!(
        summary.contains("A\\; B\\, C \\\\ D BEGIN:VALARM"),
        "{summary}"
    );
    let description = property(&lines, "DESCRIPTION");
    assert!(
        description.contains("\\nNote: line one\\nline two\\; done"),
        "{description}"
    );
}

#[test]
fn ics_lines_fold_at_75_octets_without_splitting_characters() {
    let ascii = format!("SUMMARY:{}", "x".repeat(200));
    let folded = fold_line(&ascii);
    let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(parts[0].len(), 75);
    assert!(
        parts[1..]
            .iter()
            .all(|p| p.starts_with(' ') && p.len() <= 75)
    );
    assert_eq!(folded.replace("\r\n ", ""), format!("{ascii}\r\n"));

    // 3-octet characters: a fold never lands inside one.
    let wide = format!("DESCRIPTION:{}", "回访".repeat(60));
    let folded = fold_line(&wide);
    for part in folded.trim_end_matches("\r\n").split("\r\n") {
        assert!(part.len() <= 75, "{}", part.len());
    }
    assert_eq!(folded.replace("\r\n ", ""), format!("{wide}\r\n"));
    assert_eq!(fold_line("SHORT:1"), "SHORT:1\r\n");
}

#[test]
fn names_become_one_line_and_notes_keep_their_lines() {
    let mut p = sample("followup_due");
    p["customer_name"] = json!("ACME\r\nBcc: evil@example.com");
    p["note"] = json!("first\r\nsecond\rthird\u{7}!");
    for locale in LOCALES {
        let r = render("followup_due", locale, &p, "k").unwrap();
        for body in [&r.text, &r.html] {
            assert!(body.contains("ACME Bcc: evil@example.com"), "{body}");
            assert!(!body.lines().any(|l| l.starts_with("Bcc:")), "{body}");
            assert!(body.contains("first\nsecond\nthird !"), "{body}");
        }
    }
}

/// REC-5: the statement email attaches the stored document unchanged as
/// `statement-YYYY-MM.html`; the document is not in the body, and the
/// in-app twin (no document) renders without an attachment; the customer's
/// wording differs from the sales manager's.
#[test]
fn rec5_statement_attaches_the_stored_document() {
    let p = sample("statement");
    let stored = p["statement_html"].as_str().unwrap().to_owned();
    for locale in LOCALES {
        let r = render("statement", locale, &p, "k").unwrap();
        let (name, html) = r.attachment.clone().expect("attachment");
        assert_eq!(name, "statement-2026-10.html");
        assert_eq!(html, stored, "sent byte for byte as stored");
        assert!(!r.html.contains("Statement of account"), "{}", r.html);
        assert!(r.text.contains("31,500.00"), "{}", r.text);
        let mut twin = p.clone();
        twin.as_object_mut().unwrap().remove("statement_html");
        assert_eq!(
            render("statement", locale, &twin, "k").unwrap().attachment,
            None
        );
    }
    let zh = render("statement", "zh-CN", &p, "k").unwrap();
    assert_eq!(
        zh.subject,
        "【对账单】客户「上海华东机械有限公司」2026-10 对账单，期末余额 31,500.00 元"
    );
    let mut customer = p.clone();
    customer["audience"] = json!("CUSTOMER");
    let en = render("statement", "en", &customer, "k").unwrap();
    assert!(en.text.starts_with("Dear 王强,"), "{}", en.text);
    let mut bad = p.clone();
    bad["month"] = json!("../../etc");
    assert!(render("statement", "en", &bad, "k").is_err());
    // Other templates never attach a document, even if a payload has one.
    let mut other = sample("pool_warning");
    other["statement_html"] = json!("<p>x</p>");
    assert_eq!(
        render("pool_warning", "en", &other, "k")
            .unwrap()
            .attachment,
        None
    );
}

/// REC-6: the customer notice words each level differently, states the
/// outstanding (partly paid) amount and lists every overdue item; the
/// internal alert names the level and the credit hold.
#[test]
fn rec6_dunning_notices_state_the_open_amount_and_the_overdue_list() {
    let p = sample("dunning_notice");
    let subjects: Vec<String> = [1, 2, 3]
        .into_iter()
        .map(|level| {
            let mut q = p.clone();
            q["level"] = json!(level);
            render("dunning_notice", "en", &q, "k").unwrap().subject
        })
        .collect();
    assert!(subjects[0].starts_with("Payment reminder"), "{subjects:?}");
    assert!(subjects[1].starts_with("Second notice"), "{subjects:?}");
    assert!(subjects[2].starts_with("Final notice"), "{subjects:?}");
    for locale in LOCALES {
        let r = render("dunning_notice", locale, &p, "k").unwrap();
        for body in [&r.text, &r.html] {
            assert!(body.contains("30,000.00"), "{locale}: {body}");
            assert!(body.contains("20,000.00"), "{locale}: received so far");
            assert!(body.contains("FH-2026-00003"), "{locale}");
            assert!(body.contains("38,600.00"), "{locale}: total");
        }
    }
    let zh = render("dunning_notice", "zh-CN", &p, "k").unwrap();
    assert!(
        zh.subject.starts_with("【第二次催款通知】"),
        "{}",
        zh.subject
    );
    // Nothing received yet: no "received so far" line.
    let mut unpaid = p.clone();
    unpaid["paid_amount"] = json!("0.00");
    let en = render("dunning_notice", "en", &unpaid, "k").unwrap();
    assert!(!en.text.contains("Received so far"), "{}", en.text);
    let mut alert = sample("dunning_alert");
    alert["level"] = json!(3);
    alert["credit_hold"] = json!(true);
    let en = render("dunning_alert", "en", &alert, "k").unwrap();
    assert!(en.subject.starts_with("Dunning L3:"), "{}", en.subject);
    assert!(en.text.contains("credit hold"), "{}", en.text);
}

/// REC-6: a customer notice of several items lists each with its
/// outstanding amount and the notice's total; the digest lists every line
/// with its level and customer, in both languages.
#[test]
fn rec6_notice_of_several_items_and_the_daily_digest() {
    let mut p = sample("dunning_notice");
    p["level_items"] = json!([
        {"item_id": "a", "label": "HT-2026-0012 #2 到货款", "due_date": "2026-11-01", "amount": "50000.00",
         "paid": "20000.00", "open": "30000.00", "days_overdue": 15},
        {"item_id": "b", "label": "HT-2026-0013 #1 预付款", "due_date": "2026-11-01", "amount": "12000.00",
         "paid": "0.00", "open": "12000.00", "days_overdue": 15},
    ]);
    p["level_open"] = json!("42000.00");
    let en = render("dunning_notice", "en", &p, "k").unwrap();
    assert!(
        en.subject.starts_with("Second notice: 2 overdue payments"),
        "{}",
        en.subject
    );
    assert!(en.subject.contains("42,000.00"), "{}", en.subject);
    for body in [&en.text, &en.html] {
        assert!(body.contains("HT-2026-0013 #1"), "{body}");
        assert!(body.contains("12,000.00"), "{body}");
        assert!(body.contains("42,000.00"), "{body}");
    }
    let zh = render("dunning_notice", "zh-CN", &p, "k").unwrap();
    assert!(zh.subject.contains("2 笔款项"), "{}", zh.subject);
    assert!(
        zh.text.contains("本通知尚欠合计：CNY 42,000.00"),
        "{}",
        zh.text
    );

    let d = sample("dunning_digest");
    let en = render("dunning_digest", "en", &d, "k").unwrap();
    assert!(
        en.subject.contains("2 items of 2 customers"),
        "{}",
        en.subject
    );
    for body in [&en.text, &en.html] {
        assert!(body.contains("L3"), "{body}");
        assert!(body.contains("上海华东机械有限公司"), "{body}");
        assert!(body.contains("苏州精工电子有限公司"), "{body}");
        assert!(body.contains("38,600.00"), "{body}");
    }
    assert!(en.text.contains("credit hold"), "{}", en.text);
    assert!(
        en.text.contains(" — credit hold\n- L1 "),
        "one line each: {}",
        en.text
    );
    let zh = render("dunning_digest", "zh-CN", &d, "k").unwrap();
    assert!(zh.subject.starts_with("【催款日报"), "{}", zh.subject);
    assert!(zh.text.contains("已暂停信用"), "{}", zh.text);
}

#[test]
fn rec9_cash_handover_names_collector_amount_and_deadline() {
    let p = sample("cash_handover_overdue");
    let zh = render("cash_handover_overdue", "zh-CN", &p, "k").unwrap();
    assert_eq!(
        zh.subject,
        "【回款上交提醒】李娜收取的「上海华东机械有限公司」款项 36,800.00 CNY 已91天未上交财务"
    );
    assert!(zh.text.contains("现金款项 36,800.00 CNY"), "{}", zh.text);
    assert!(
        zh.text.contains("应上交日期：2026年11月18日（周三）"),
        "{}",
        zh.text
    );
    let en = render("cash_handover_overdue", "en", &p, "k").unwrap();
    assert!(
        en.subject.starts_with("Cash not handed over after 91 days"),
        "{}",
        en.subject
    );
    assert!(
        en.text.contains("Hand over by: Wed 18 Nov 2026"),
        "{}",
        en.text
    );
    assert!(en.html.contains("Reference") && en.text.contains("Reference: 收据 No.0042"));
    // Without a reference the line is left out; a cheque is named as one.
    let mut q = p.clone();
    q["reference"] = Value::Null;
    q["method"] = json!("CHEQUE");
    let en = render("cash_handover_overdue", "en", &q, "k").unwrap();
    assert!(
        !en.text.contains("Reference") && en.text.contains("Method: cheque"),
        "{}",
        en.text
    );
}

/// REC-5: every figure and date of a statement email is required (strict
/// undefined), so a payload missing one fails instead of mailing a blank.
#[test]
fn rec5_statement_fields_are_required() {
    for field in [
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
        "recipient_name",
    ] {
        let mut p = sample("statement");
        p.as_object_mut().unwrap().remove(field);
        let err = render("statement", "zh-CN", &p, "k").expect_err(field);
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
}

#[test]
fn auto5_work_log_reminders_name_the_day_and_the_deadline() {
    let p = sample("work_log_missing");
    let zh = render("work_log_missing", "zh-CN", &p, "k").unwrap();
    assert_eq!(
        zh.subject,
        "【工作日志提醒】您2026年11月20日（周五）的工作日志尚未提交，请于2026年11月23日（周一）下班前提交"
    );
    let en = render("work_log_missing", "en", &p, "k").unwrap();
    assert!(en.text.starts_with("Hi 李娜,\n\n"), "{}", en.text);
    assert!(
        en.text.contains("Due by: end of Mon 23 Nov 2026"),
        "{}",
        en.text
    );
    let e = sample("work_log_missing_escalation");
    let en = render("work_log_missing_escalation", "en", &e, "k").unwrap();
    assert_eq!(
        en.subject,
        "李娜 has not logged two working days (Thu 19 Nov 2026 and Fri 20 Nov 2026)"
    );
    let zh = render("work_log_missing_escalation", "zh-CN", &e, "k").unwrap();
    assert!(zh.text.contains("请您督促李娜尽快补交"), "{}", zh.text);
}

#[test]
fn kpi3_assessment_emails_list_every_kpi_total_grade_rank_and_bonus() {
    let p = sample("assessment_result");
    let zh = render("assessment_result", "zh-CN", &p, "k").unwrap();
    assert_eq!(
        zh.subject,
        "【绩效考核结果】2026年10月：总分 100.00，等级 A"
    );
    assert!(
        zh.text.contains(
            "- 签约额（50% → 62.5%）：110000 / 100000，得分 110.00，加权 68.75\n- 回款率"
        ),
        "{}",
        zh.text
    );
    // KPI-2: no complaints base — left out, the other weights renormalised.
    assert!(
        zh.text
            .contains("- 投诉率（20%）：无数据，不计入（其余权重按 100 折算）"),
        "{}",
        zh.text
    );
    assert!(
        zh.text.contains("上海一组内排名：第1名（共3人）"),
        "{}",
        zh.text
    );
    assert!(zh.text.contains("奖金：1,080.00 CNY"), "{}", zh.text);
    let en = render("assessment_result", "en", &p, "k").unwrap();
    assert_eq!(
        en.subject,
        "Your assessment for October 2026: 100.00 points, grade A"
    );
    assert!(en.text.contains("Rank in 上海一组: 1 of 3"), "{}", en.text);
    assert!(en.html.contains("Collection rate") && en.html.contains("CNY 1,080.00"));
    assert!(en.text.contains("(20%): no data, left out"), "{}", en.text);
    assert!(en.html.contains("30% → 37.5%") && en.html.contains("no data"));
    // A result with nothing to assess has no grade.
    let mut none = p.clone();
    none["grade"] = Value::Null;
    let en = render("assessment_result", "en", &none, "k").unwrap();
    assert!(en.subject.ends_with("grade —"), "{}", en.subject);
    // Quarterly results have no bonus: the line is left out.
    let mut q = p.clone();
    q["period_kind"] = json!("QUARTER");
    q["period_no"] = json!(4);
    q["bonus"] = Value::Null;
    let en = render("assessment_result", "en", &q, "k").unwrap();
    assert!(en.subject.contains("Q4 2026"), "{}", en.subject);
    assert!(!en.text.contains("Bonus"), "{}", en.text);
    let s = sample("assessment_unit_summary");
    let zh = render("assessment_unit_summary", "zh-CN", &s, "k").unwrap();
    assert_eq!(
        zh.subject,
        "【绩效考核汇总】上海一组 2026年10月考核结果（2人）"
    );
    assert!(
        zh.text.contains(
            "1. 李娜：100.00 分（A），奖金 1,080.00 CNY\n2. 张伟：86.50 分（B），奖金 640.50 CNY\n"
        ),
        "{}",
        zh.text
    );
    let mut q = s.clone();
    q["period_kind"] = json!("QUARTER");
    q["period_no"] = json!(3);
    q["rows"][0]["bonus"] = Value::Null;
    q["rows"][1]["bonus"] = Value::Null;
    let en = render("assessment_unit_summary", "en", &q, "k").unwrap();
    assert!(en.subject.contains("Q3 2026"), "{}", en.subject);
    assert!(
        en.html.contains("张伟") && en.text.contains("2. 张伟: 86.50 (B)\n"),
        "{}",
        en.text
    );
    assert!(!en.text.contains("bonus"), "{}", en.text);
}
