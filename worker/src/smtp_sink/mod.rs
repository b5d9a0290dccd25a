//! An in-process SMTP server on `127.0.0.1:0` for tests.
//!
//! Tests send mail through a real SMTP conversation with lettre and read what
//! arrived (envelope and raw data). It speaks the part of RFC 5321 lettre
//! uses (EHLO/HELO, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP,
//! QUIT) and can be told to refuse with a given code, to test how permanent
//! (5xx) and transient (4xx) failures are handled.
//!
//! Test controls:
//! - [`SmtpSink::refuse`] / [`SmtpSink::refuse_rcpt`]: answer a code at a
//!   stage, or only for one recipient. A `421` reply also closes the
//!   connection, as RFC 5321 §3.8 says, so `refuse(Stage::MailFrom, 421)`
//!   then [`SmtpSink::accept_all`] simulates "mail server unavailable, then
//!   back": lettre drops a connection on any error reply and opens a new one
//!   for the next send, so the pool recovers by itself.
//! - [`SmtpSink::delay`]: wait before answering at a stage. A sender killed
//!   during the MAIL FROM delay has sent no message content; during the Data
//!   delay the message is complete and is still recorded (like a real server
//!   that commits before the client hears the reply — the RFC 1047 duplicate
//!   window).
//! - [`SmtpSink::messages`] (snapshot) and [`SmtpSink::wait_for`] (wait for
//!   N messages with a timeout).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

mod received;

pub use received::{ReceivedMail, decode_rfc2047};

/// Largest message accepted; a runaway test fails instead of eating memory.
const MAX_DATA: usize = 10 * 1024 * 1024;

/// Where in the transaction a configured refusal or delay happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    MailFrom,
    RcptTo,
    /// After the message data was read (the reply to the final dot).
    Data,
}

#[derive(Default)]
struct Shared {
    mails: Mutex<Vec<ReceivedMail>>,
    refuse: Mutex<Option<(Stage, u16)>>,
    /// Lower-cased recipient → refusal code at RCPT TO.
    refuse_rcpt: Mutex<HashMap<String, u16>>,
    delays: Mutex<HashMap<Stage, Duration>>,
    arrived: Notify,
    /// Messages whose data was read in full (before any Data delay).
    data_complete: std::sync::atomic::AtomicUsize,
}

/// The running server; stops when dropped.
pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// Binds `127.0.0.1:0` and starts accepting connections.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let accept = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = accept.clone();
                tokio::spawn(async move {
                    let _ = session(stream, shared).await;
                });
            }
        });
        Ok(Self { addr, shared, task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `smtp://127.0.0.1:{port}`: plain SMTP, usable as `SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// From now on, answer `code` (e.g. 450 or 550) at `stage`.
    pub fn refuse(&self, stage: Stage, code: u16) {
        *lock(&self.shared.refuse) = Some((stage, code));
    }

    /// From now on, refuse `address` (compared case-insensitively) at RCPT
    /// TO with `code`; other recipients are still accepted. lettre gives up
    /// the whole transaction on the first refused recipient.
    pub fn refuse_rcpt(&self, address: &str, code: u16) {
        lock(&self.shared.refuse_rcpt).insert(address.to_ascii_lowercase(), code);
    }

    /// From now on, accept everything again: clears [`Self::refuse`] and
    /// every [`Self::refuse_rcpt`] (not the delays).
    pub fn accept_all(&self) {
        *lock(&self.shared.refuse) = None;
        lock(&self.shared.refuse_rcpt).clear();
    }

    /// From now on, wait `d` before answering at `stage` (MAIL FROM, each
    /// RCPT TO, or the final dot of DATA). Applies to sessions already open.
    pub fn delay(&self, stage: Stage, d: Duration) {
        lock(&self.shared.delays).insert(stage, d);
    }

    /// Removes every delay set with [`Self::delay`].
    pub fn clear_delay(&self) {
        lock(&self.shared.delays).clear();
    }

    /// Messages received so far, oldest first.
    /// How many messages the sink has read in full, counted before the
    /// Data delay: a message counted here is complete at the server (and is
    /// recorded after the delay) while its sender still waits for the reply.
    pub fn data_complete(&self) -> usize {
        self.shared
            .data_complete
            .load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn messages(&self) -> Vec<ReceivedMail> {
        lock(&self.shared.mails).clone()
    }

    /// Waits until at least `n` messages arrived; `Err` with what did arrive
    /// when `timeout` passes first.
    pub async fn wait_for(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<ReceivedMail>, Vec<ReceivedMail>> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.arrived.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let mails = self.messages();
            if mails.len() >= n {
                return Ok(mails);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Err(self.messages());
            }
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    write.write_all(b"220 salesd-sink ESMTP ready\r\n").await?;
    let mut from: Option<String> = None;
    let mut rcpt: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let cmd = text.trim_end_matches(['\r', '\n']);
        let upper = cmd.to_ascii_uppercase();
        let refusal = |stage: Stage| {
            let refuse = *lock(&shared.refuse);
            refuse.filter(|(s, _)| *s == stage).map(|(_, code)| code)
        };
        let reply: String = if upper.starts_with("EHLO") {
            "250-salesd-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760".into()
        } else if upper.starts_with("HELO") {
            "250 salesd-sink".into()
        } else if upper.starts_with("MAIL FROM:") {
            pause(&shared, Stage::MailFrom).await;
            match refusal(Stage::MailFrom) {
                Some(code) => refusal_reply(code),
                None => {
                    from = Some(angle_addr(&cmd[10..]));
                    rcpt.clear();
                    "250 2.1.0 OK".into()
                }
            }
        } else if upper.starts_with("RCPT TO:") {
            if from.is_none() {
                "503 5.5.1 MAIL first".into()
            } else {
                pause(&shared, Stage::RcptTo).await;
                let to = angle_addr(&cmd[8..]);
                let only_this = lock(&shared.refuse_rcpt)
                    .get(&to.to_ascii_lowercase())
                    .copied();
                match refusal(Stage::RcptTo).or(only_this) {
                    Some(code) => refusal_reply(code),
                    None => {
                        rcpt.push(to);
                        "250 2.1.5 OK".into()
                    }
                }
            }
        } else if upper == "DATA" {
            if rcpt.is_empty() {
                "503 5.5.1 RCPT first".into()
            } else {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let data = read_data(&mut read).await?;
                shared
                    .data_complete
                    .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
                pause(&shared, Stage::Data).await;
                let reply = match refusal(Stage::Data) {
                    Some(code) => refusal_reply(code),
                    None => {
                        let mail = ReceivedMail {
                            mail_from: from.clone().unwrap_or_default(),
                            rcpt_to: rcpt.clone(),
                            data,
                        };
                        lock(&shared.mails).push(mail);
                        shared.arrived.notify_waiters();
                        "250 2.0.0 queued".into()
                    }
                };
                from = None;
                rcpt.clear();
                reply
            }
        } else if upper == "RSET" {
            from = None;
            rcpt.clear();
            "250 2.0.0 OK".into()
        } else if upper.starts_with("NOOP") {
            "250 2.0.0 OK".into()
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(());
        } else if upper.starts_with("VRFY") {
            "252 2.1.5 cannot verify".into()
        } else {
            "502 5.5.2 command not recognized".into()
        };
        // One write per reply, as real servers do: two small writes would
        // wait out the client's delayed ACK (Nagle) on every command.
        write.write_all(format!("{reply}\r\n").as_bytes()).await?;
        if reply.starts_with("421") {
            // "Service not available, closing transmission channel".
            return Ok(());
        }
    }
}

/// Sleeps for the delay configured at `stage`, if any.
async fn pause(shared: &Shared, stage: Stage) {
    let delay = lock(&shared.delays).get(&stage).copied();
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
}

fn refusal_reply(code: u16) -> String {
    let class = if code >= 500 { 5 } else { 4 };
    format!("{code} {class}.0.0 salesd-sink refuses as configured")
}

/// `<a@b> SIZE=…` → `a@b`.
fn angle_addr(arg: &str) -> String {
    let arg = arg.trim();
    match (arg.find('<'), arg.find('>')) {
        (Some(start), Some(end)) if start < end => arg[start + 1..end].to_owned(),
        _ => arg.split_whitespace().next().unwrap_or_default().to_owned(),
    }
}

/// Reads DATA lines up to the lone dot, undoing dot-stuffing.
async fn read_data<R: AsyncBufRead + Unpin>(read: &mut R) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        if data.len() + unstuffed.len() > MAX_DATA {
            return Err(std::io::Error::other("message too large for the sink"));
        }
        data.extend_from_slice(unstuffed);
    }
}

#[cfg(test)]
mod tests;
