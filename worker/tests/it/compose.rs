//! Rendered notifications as MIME messages: header-injection safety, stable
//! Message-IDs, the calendar attachment, and a real SMTP round trip.

use std::time::Duration;

use base64::Engine as _;
use lettre::message::Mailbox;
use salesd_domain::notify::render::{Rendered, calendar_uid, render, sample_payload};
use salesd_worker::compose::{
    ComposeError, ICS_CONTENT_TYPE, MAX_DISPLAY_NAME_CHARS, compose, display_name,
};
use salesd_worker::mail::message_id_for;
use salesd_worker::smtp_sink::{ReceivedMail, SmtpSink};
use salesd_worker::{MailConfig, Mailer};

const INJECTION: &str = "ACME\r\nBcc: evil@example.com\r\nX-Injected: 1";
const TO: &str = "li.na@customer.test";

fn from() -> Mailbox {
    "销售管理系统 <noreply@salesd.test>".parse().expect("from")
}

fn rendered(template: &str, customer_name: &str) -> Rendered {
    let mut payload = sample_payload(template).expect("sample");
    payload["customer_name"] = customer_name.into();
    payload["recipient_name"] = customer_name.into();
    render(template, "zh-CN", &payload, "k").expect("render")
}

fn raw(msg: &lettre::Message) -> String {
    String::from_utf8(msg.formatted()).expect("utf-8 message")
}

/// The top-level header block, one entry per logical (unfolded) header.
fn headers(raw: &str) -> Vec<(String, String)> {
    let head = raw.split("\r\n\r\n").next().expect("head");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            out.last_mut()
                .expect("continuation after a header")
                .1
                .push_str(line);
        } else {
            let (name, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("not a header line: {line:?}"));
            assert!(
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "bad header name in {line:?}"
            );
            out.push((name.to_owned(), value.trim_start().to_owned()));
        }
    }
    out
}

#[test]
fn injected_names_cannot_add_headers() {
    let r = rendered("pool_warning", INJECTION);
    assert!(!r.subject.contains('\n') && r.subject.contains("ACME Bcc: evil@example.com"));
    let msg = compose("n:1", &from(), INJECTION, TO, &r).expect("compose");
    let raw = raw(&msg);
    for line in raw.split("\r\n") {
        assert!(!line.to_ascii_lowercase().starts_with("bcc:"), "{line:?}");
        assert!(
            !line.to_ascii_lowercase().starts_with("x-injected"),
            "{line:?}"
        );
    }
    let headers = headers(&raw);
    let mut names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Auto-Submitted",
            "Content-Type",
            "Date",
            "From",
            "MIME-Version",
            "Message-ID",
            "Subject",
            "To",
        ],
        "{raw}"
    );
    assert_eq!(names.iter().filter(|n| **n == "Subject").count(), 1);
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .expect(name)
    };
    let mail = ReceivedMail {
        mail_from: String::new(),
        rcpt_to: vec![],
        data: raw.clone().into_bytes(),
    };
    assert_eq!(mail.subject().as_deref(), Some(r.subject.as_str()));
    let to = get("To");
    assert!(to.ends_with(&format!("<{TO}>")), "{to}");
    assert_eq!(get("Auto-Submitted"), "auto-generated");
}

#[test]
fn message_id_is_stable_per_key() {
    let r = rendered("revisit_due", "杭州云帆");
    let a = compose("revisit:7", &from(), "李娜", TO, &r).expect("a");
    let b = compose("revisit:7", &from(), "李娜", TO, &r).expect("b");
    let c = compose("revisit:8", &from(), "李娜", TO, &r).expect("c");
    let id = |m: &lettre::Message| {
        headers(&raw(m))
            .into_iter()
            .find(|(n, _)| n == "Message-ID")
            .map(|(_, v)| v)
            .expect("Message-ID")
    };
    assert_eq!(id(&a), message_id_for("revisit:7", "salesd.test"));
    assert_eq!(id(&a), id(&b));
    assert_ne!(id(&a), id(&c));
}

#[test]
fn the_invitation_is_attached_only_to_reminders_with_a_due_day() {
    let with = raw(&compose("k", &from(), "李娜", TO, &rendered("revisit_due", "X")).unwrap());
    let top = headers(&with);
    let content_type = &top.iter().find(|(n, _)| n == "Content-Type").unwrap().1;
    assert!(
        content_type.starts_with("multipart/mixed"),
        "{content_type}"
    );
    assert!(with.contains("multipart/alternative"), "{with}");
    assert!(with.contains("text/plain; charset=utf-8"), "{with}");
    assert!(with.contains("text/html; charset=utf-8"), "{with}");
    assert!(
        with.contains(&format!("Content-Type: {ICS_CONTENT_TYPE}")),
        "{with}"
    );
    assert!(
        with.contains("Content-Disposition: attachment; filename=\"reminder.ics\""),
        "{with}"
    );

    let without = raw(&compose("k", &from(), "李娜", TO, &rendered("pool_warning", "X")).unwrap());
    let top = headers(&without);
    let content_type = &top.iter().find(|(n, _)| n == "Content-Type").unwrap().1;
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    assert!(!without.contains("text/calendar"), "{without}");
}

#[test]
fn bad_addresses_are_permanent_errors() {
    let r = rendered("pool_warning", "X");
    for address in [
        "",
        "not-an-address",
        "li.na@customer.test\r\nBcc: evil@example.com",
        "li.na@customer.test, evil@example.com",
        "Li Na <li.na@customer.test>",
        " li.na@customer.test",
    ] {
        let err = compose("k", &from(), "Li Na", address, &r).expect_err(address);
        assert!(
            matches!(err, ComposeError::BadAddress { .. }) && err.is_permanent(),
            "{address:?}: {err:?}"
        );
    }
}

#[test]
fn display_names_are_one_short_line() {
    assert_eq!(
        display_name(INJECTION).as_deref(),
        Some("ACME Bcc: evil@example.com X-Injected: 1")
    );
    assert_eq!(display_name(" \r\n\t"), None);
    let long = "王".repeat(300);
    assert_eq!(
        display_name(&long).map(|n| n.chars().count()),
        Some(MAX_DISPLAY_NAME_CHARS)
    );
}

/// Through a real SMTP conversation: the envelope has exactly the intended
/// recipient, however the names try to inject one.
#[tokio::test]
async fn smtp_round_trip_has_only_the_intended_recipient() {
    let sink = SmtpSink::start().await.expect("sink");
    let mailer = Mailer::new(&MailConfig::smtp(&sink.url()).expect("url")).expect("mailer");
    // zh-CN text goes out base64-encoded, English mostly-ASCII text as
    // quoted-printable: both must arrive intact.
    let mut sent = Vec::new();
    for (locale, key) in [("zh-CN", "revisit:42"), ("en", "revisit:43")] {
        let mut payload = sample_payload("revisit_due").expect("sample");
        payload["customer_name"] = INJECTION.into();
        let r = render("revisit_due", locale, &payload, key).expect("render");
        let msg = compose(key, &from(), INJECTION, TO, &r).expect("compose");
        mailer.send(msg).await.expect("send");
        sent.push((key, r));
    }

    let mails = sink
        .wait_for(2, Duration::from_secs(5))
        .await
        .expect("two mails");
    assert_eq!(mails.len(), 2);
    for (mail, (key, r)) in mails.iter().zip(sent) {
        assert_eq!(mail.mail_from, "noreply@salesd.test");
        assert_eq!(mail.rcpt_to, vec![TO.to_owned()]);
        assert_eq!(mail.subject().as_deref(), Some(r.subject.as_str()));
        assert_eq!(mail.message_id(), Some(message_id_for(key, "salesd.test")));
        assert_eq!(
            mail.header("Auto-Submitted").as_deref(),
            Some("auto-generated")
        );
        assert!(mail.header("Bcc").is_none() && mail.header("X-Injected").is_none());
        let ics = r.ics.expect("ics");
        assert!(ics.contains(&format!("UID:{}\r\n", calendar_uid(key))));
        assert_eq!(
            part_body(&mail.text(), ICS_CONTENT_TYPE),
            ics,
            "the invitation arrives byte for byte"
        );
    }
}

/// The decoded body of the MIME part with `content_type` (base64 or
/// quoted-printable, whichever lettre chose).
fn part_body(raw: &str, content_type: &str) -> String {
    let start = raw
        .find(&format!("Content-Type: {content_type}"))
        .unwrap_or_else(|| panic!("{content_type} part in {raw}"));
    let (head, rest) = raw[start..].split_once("\r\n\r\n").expect("part body");
    let body = &rest[..rest.find("\r\n--").expect("part end")];
    let bytes = if head.contains("Content-Transfer-Encoding: base64") {
        base64::engine::general_purpose::STANDARD
            .decode(body.replace("\r\n", ""))
            .expect("base64")
    } else if head.contains("Content-Transfer-Encoding: quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let mut out = Vec::new();
        let mut bytes = joined.bytes();
        while let Some(b) = bytes.next() {
            if b == b'=' {
                let hex = [bytes.next().expect("hex"), bytes.next().expect("hex")];
                out.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).expect("hex"));
            } else {
                out.push(b);
            }
        }
        out
    } else {
        body.as_bytes().to_vec()
    };
    // The CRLF before the boundary belongs to the delimiter (RFC 2046).
    String::from_utf8(bytes).expect("utf-8 part")
}
