//! Mail: the file outbox, SMTP through the sink, and how refusals are sorted.

use std::time::Duration;

use lettre::Message;
use lettre::message::header::ContentType;
use salesd_worker::mail::{message_builder, message_id_for};
use salesd_worker::smtp_sink::{ReceivedMail, SmtpSink, Stage};
use salesd_worker::{MailConfig, MailError, Mailer};

const SUBJECT: &str = "报价单 #42 已批准 — Ångström ✓";
const DOMAIN: &str = "salesd.test";

fn message(key: &str) -> Message {
    message_builder(key, DOMAIN)
        .from("销售系统 <noreply@salesd.test>".parse().expect("from"))
        .to("Wang Fang <wang.fang@customer.test>".parse().expect("to"))
        .subject(SUBJECT)
        .header(ContentType::TEXT_PLAIN)
        .body("first line\r\n.a line starting with a dot\r\nlast line\r\n".to_owned())
        .expect("message")
}

#[tokio::test]
async fn file_outbox_writes_one_readable_eml_per_message() {
    let dir = crate::temp_dir("outbox");
    let mailer = Mailer::new(&MailConfig::File { dir: dir.clone() }).expect("mailer");
    assert!(dir.is_dir(), "Mailer::new creates the outbox folder");
    mailer
        .send(message("notification:1"))
        .await
        .expect("send 1");
    mailer
        .send(message("notification:2"))
        .await
        .expect("send 2");

    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("read outbox")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "eml")),
        "{files:?}"
    );
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("utf-8 eml"))
        .collect();
    for key in ["notification:1", "notification:2"] {
        let id = format!("Message-ID: {}", message_id_for(key, DOMAIN));
        assert!(texts.iter().any(|t| t.contains(&id)), "{id} in {texts:?}");
    }
    // The sink's header parser reads .eml files too (folded headers and all).
    let eml = ReceivedMail {
        mail_from: String::new(),
        rcpt_to: vec![],
        data: texts[0].clone().into(),
    };
    assert_eq!(eml.subject().as_deref(), Some(SUBJECT));
    assert!(texts[0].contains("\r\n\r\nfirst line\r\n"), "{}", texts[0]);
    std::fs::remove_dir_all(&dir).expect("clean up outbox");
}

#[tokio::test]
async fn smtp_send_arrives_with_message_id_and_utf8_subject() {
    let sink = SmtpSink::start().await.expect("sink");
    let mailer = Mailer::new(&MailConfig::smtp(&sink.url()).expect("url")).expect("mailer");
    assert!(
        mailer.describe().starts_with("SMTP smtp://127.0.0.1:"),
        "{}",
        mailer.describe()
    );
    mailer.send(message("notification:7")).await.expect("send");

    let mails = sink
        .wait_for(1, Duration::from_secs(5))
        .await
        .expect("one mail arrives");
    let mail = &mails[0];
    assert_eq!(mail.mail_from, "noreply@salesd.test");
    assert_eq!(mail.rcpt_to, vec!["wang.fang@customer.test".to_owned()]);
    assert_eq!(
        mail.message_id(),
        Some(message_id_for("notification:7", DOMAIN))
    );
    assert_eq!(mail.subject().as_deref(), Some(SUBJECT));
    // lettre dot-stuffs the line, the sink unstuffs it: the body is intact.
    assert!(
        mail.text().contains("\r\n.a line starting with a dot\r\n"),
        "{}",
        mail.text()
    );
}

#[tokio::test]
async fn smtp_5xx_is_permanent_and_4xx_transient() {
    let sink = SmtpSink::start().await.expect("sink");
    let mailer = Mailer::new(&MailConfig::smtp(&sink.url()).expect("url")).expect("mailer");

    sink.refuse(Stage::RcptTo, 550);
    let err = mailer
        .send(message("n:550"))
        .await
        .expect_err("550 refuses");
    assert!(
        matches!(err, MailError::Permanent { code: 550, .. }),
        "{err:?}"
    );
    assert!(err.is_permanent() && !err.is_transient());

    sink.refuse(Stage::RcptTo, 450);
    let err = mailer
        .send(message("n:450"))
        .await
        .expect_err("450 refuses");
    assert!(
        matches!(
            err,
            MailError::Transient {
                code: Some(450),
                ..
            }
        ),
        "{err:?}"
    );

    sink.refuse(Stage::Data, 451);
    let err = mailer
        .send(message("n:451"))
        .await
        .expect_err("451 after data");
    assert!(
        matches!(
            err,
            MailError::Transient {
                code: Some(451),
                ..
            }
        ),
        "{err:?}"
    );

    sink.accept_all();
    mailer.send(message("n:ok")).await.expect("accepted again");
    let mails = sink
        .wait_for(1, Duration::from_secs(5))
        .await
        .expect("mail");
    assert_eq!(mails.len(), 1, "refused mails are not stored");
}

#[tokio::test]
async fn smtp_server_down_is_transient() {
    // Port 1 on loopback: nothing listens, the connection is refused.
    let mailer =
        Mailer::new(&MailConfig::smtp("smtp://127.0.0.1:1").expect("url")).expect("mailer");
    let err = mailer.send(message("n:down")).await.expect_err("no server");
    assert!(
        matches!(err, MailError::Transient { code: None, .. }),
        "{err:?}"
    );
}
