//! A received message and the little header parsing tests need (unfolding,
//! RFC 2047 encoded words), so assertions read like the mail client shows it.

use base64::Engine as _;

/// One message as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedMail {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The DATA section, dot-unstuffed, CRLF line ends, without the final dot.
    pub data: Vec<u8>,
}

impl ReceivedMail {
    /// The data as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }

    /// The first header `name` (case-insensitive), unfolded, undecoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let text = self.text();
        let head = text.split("\r\n\r\n").next().unwrap_or_default();
        let mut found: Option<String> = None;
        for line in head.split("\r\n") {
            match &mut found {
                Some(value) if line.starts_with([' ', '\t']) => value.push_str(line),
                Some(_) => break,
                None => {
                    if let Some((key, value)) = line.split_once(':')
                        && key.eq_ignore_ascii_case(name)
                    {
                        found = Some(value.trim_start().to_owned());
                    }
                }
            }
        }
        found
    }

    /// The Subject, RFC 2047 encoded words decoded.
    pub fn subject(&self) -> Option<String> {
        self.header("Subject").map(|s| decode_rfc2047(&s))
    }

    pub fn message_id(&self) -> Option<String> {
        self.header("Message-ID")
    }
}

/// Decodes `=?utf-8?b?…?=` / `=?utf-8?q?…?=` words; whitespace between two
/// encoded words is dropped, as RFC 2047 says.
pub fn decode_rfc2047(value: &str) -> String {
    let mut out = String::new();
    let mut prev_encoded = false;
    for (i, token) in value.split_whitespace().enumerate() {
        let decoded = decode_word(token);
        if i > 0 && !(prev_encoded && decoded.is_some()) {
            out.push(' ');
        }
        prev_encoded = decoded.is_some();
        out.push_str(&decoded.unwrap_or_else(|| token.to_owned()));
    }
    out
}

fn decode_word(token: &str) -> Option<String> {
    let inner = token.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let (_charset, enc, text) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = match enc {
        "b" | "B" => base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()?,
        "q" | "Q" => decode_q(text)?,
        _ => return None,
    };
    String::from_utf8(bytes).ok()
}

fn decode_q(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = [bytes.next()?, bytes.next()?];
                out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
            }
            _ => out.push(b),
        }
    }
    Some(out)
}
