//! The sink's test controls, driven by lettre (through [`Mailer`]) and by a
//! raw client where a test must stop mid-transaction.

use std::time::{Duration, Instant};

use lettre::Message;
use lettre::message::header::ContentType;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::{SmtpSink, Stage};
use crate::{MailConfig, MailError, Mailer};

const WAIT: Duration = Duration::from_secs(5);

fn message(to: &str) -> Message {
    Message::builder()
        .from("salesd <noreply@salesd.test>".parse().expect("from"))
        .to(to.parse().expect("to"))
        .subject("hello")
        .header(ContentType::TEXT_PLAIN)
        .body("body\r\n".to_owned())
        .expect("message")
}

fn mailer(sink: &SmtpSink) -> Mailer {
    Mailer::new(&MailConfig::smtp(&sink.url()).expect("url")).expect("mailer")
}

/// A bare SMTP client: sends one line, returns the (last) reply line.
struct RawClient {
    read: BufReader<tokio::net::tcp::OwnedReadHalf>,
    write: tokio::net::tcp::OwnedWriteHalf,
}

impl RawClient {
    async fn connect(sink: &SmtpSink) -> Self {
        let (read, write) = TcpStream::connect(sink.addr())
            .await
            .expect("connect")
            .into_split();
        let mut client = Self {
            read: BufReader::new(read),
            write,
        };
        assert!(client.reply().await.starts_with("220"));
        client
    }

    async fn reply(&mut self) -> String {
        loop {
            let mut line = String::new();
            self.read.read_line(&mut line).await.expect("read reply");
            // "250-…" continues a multi-line reply, "250 …" ends it.
            if line.as_bytes().get(3) != Some(&b'-') {
                return line;
            }
        }
    }

    async fn send(&mut self, line: &str) {
        self.write
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .expect("write");
    }

    async fn command(&mut self, line: &str) -> String {
        self.send(line).await;
        self.reply().await
    }
}

#[tokio::test]
async fn delay_at_mail_from_holds_the_reply() {
    let sink = SmtpSink::start().await.expect("sink");
    let mailer = mailer(&sink);
    sink.delay(Stage::MailFrom, Duration::from_millis(300));
    let started = Instant::now();
    mailer.send(message("a@x.test")).await.expect("send");
    assert!(started.elapsed() >= Duration::from_millis(300));
    sink.clear_delay();
    mailer.send(message("b@x.test")).await.expect("send");
    assert_eq!(sink.wait_for(2, WAIT).await.expect("two mails").len(), 2);
}

#[tokio::test]
async fn a_client_gone_during_the_mail_from_delay_leaves_nothing() {
    let sink = SmtpSink::start().await.expect("sink");
    sink.delay(Stage::MailFrom, Duration::from_millis(200));
    let mut client = RawClient::connect(&sink).await;
    assert!(client.command("EHLO test").await.starts_with("250"));
    client.send("MAIL FROM:<noreply@salesd.test>").await;
    drop(client); // killed while the server waits
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(sink.messages().is_empty());

    sink.clear_delay();
    mailer(&sink)
        .send(message("a@x.test"))
        .await
        .expect("sink still works");
    assert_eq!(sink.wait_for(1, WAIT).await.expect("mail").len(), 1);
}

#[tokio::test]
async fn a_client_gone_during_the_data_delay_still_delivers() {
    let sink = SmtpSink::start().await.expect("sink");
    sink.delay(Stage::Data, Duration::from_millis(200));
    let mut client = RawClient::connect(&sink).await;
    assert!(client.command("EHLO test").await.starts_with("250"));
    assert!(
        client
            .command("MAIL FROM:<n@salesd.test>")
            .await
            .starts_with("250")
    );
    assert!(
        client
            .command("RCPT TO:<a@x.test>")
            .await
            .starts_with("250")
    );
    assert!(client.command("DATA").await.starts_with("354"));
    client.send("Subject: hi\r\n\r\nbody\r\n.").await;
    drop(client);
    let mails = sink
        .wait_for(1, WAIT)
        .await
        .expect("recorded after the delay");
    assert_eq!(mails[0].rcpt_to, vec!["a@x.test".to_owned()]);
}

#[tokio::test]
async fn refuse_rcpt_refuses_only_that_address() {
    let sink = SmtpSink::start().await.expect("sink");
    let mailer = mailer(&sink);
    sink.refuse_rcpt("Gone@X.test", 550);
    let err = mailer
        .send(message("gone@x.test"))
        .await
        .expect_err("refused");
    assert!(
        matches!(err, MailError::Permanent { code: 550, .. }),
        "{err:?}"
    );
    mailer
        .send(message("ok@x.test"))
        .await
        .expect("others pass");
    sink.refuse_rcpt("later@x.test", 450);
    let err = mailer
        .send(message("later@x.test"))
        .await
        .expect_err("refused");
    assert!(err.is_transient(), "{err:?}");

    sink.accept_all();
    mailer
        .send(message("gone@x.test"))
        .await
        .expect("accepted again");
    let mails = sink.wait_for(2, WAIT).await.expect("two mails");
    let to: Vec<_> = mails.iter().map(|m| m.rcpt_to.join(",")).collect();
    assert_eq!(to, ["ok@x.test", "gone@x.test"]);
}

/// "SMTP unavailable, then back": 421 closes the connection; the same
/// pooled mailer reconnects once the sink accepts again.
#[tokio::test]
async fn service_unavailable_421_then_back() {
    let sink = SmtpSink::start().await.expect("sink");
    let mailer = mailer(&sink);
    mailer.send(message("a@x.test")).await.expect("first");
    sink.refuse(Stage::MailFrom, 421);
    for _ in 0..2 {
        let err = mailer.send(message("b@x.test")).await.expect_err("421");
        assert!(
            matches!(
                err,
                MailError::Transient {
                    code: Some(421),
                    ..
                }
            ),
            "{err:?}"
        );
    }
    sink.accept_all();
    mailer.send(message("c@x.test")).await.expect("back");
    let mails = sink.wait_for(2, WAIT).await.expect("two mails");
    assert_eq!(mails.len(), 2);

    // The sink really hangs up after 421.
    sink.refuse(Stage::MailFrom, 421);
    let mut client = RawClient::connect(&sink).await;
    assert!(client.command("EHLO test").await.starts_with("250"));
    assert!(
        client
            .command("MAIL FROM:<n@salesd.test>")
            .await
            .starts_with("421")
    );
    let mut rest = String::new();
    let n = client.read.read_line(&mut rest).await.expect("read");
    assert_eq!(n, 0, "connection closed, got {rest:?}");
}
