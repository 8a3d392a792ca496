//! A small SMTP server for the tests, on a free local port: it keeps every message it takes, and
//! refuses the next ones on demand (as a server out of space or rate-limiting does, with a
//! temporary 451).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A message as it arrived: envelope and raw data.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The value of a header (unfolded), if the message has it.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// The plain-text part, as a reader sees it (quoted-printable decoded, where lettre chose it).
    pub fn text(&self) -> String {
        let start = self
            .data
            .find("Content-Type: text/plain")
            .expect("a plain-text part");
        let part = &self.data[start..];
        let body_start = part.find("\r\n\r\n").unwrap() + 4;
        let (head, body) = (&part[..body_start], &part[body_start..]);
        let boundary = self
            .data
            .split("boundary=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a multipart boundary");
        let end = body
            .find(&format!("\r\n--{boundary}"))
            .unwrap_or(body.len());
        let body = &body[..end];
        let body = if head.contains("quoted-printable") {
            decode_quoted_printable(body)
        } else {
            body.to_owned()
        };
        body.replace("\r\n", "\n")
    }
}

fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "");
    let mut out = Vec::with_capacity(joined.len());
    let mut i = 0;
    while i < joined.len() {
        let escaped = joined.as_bytes()[i] == b'='
            && joined
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .map(|byte| out.push(byte))
                .is_some();
        if escaped {
            i += 3;
        } else {
            out.push(joined.as_bytes()[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The server: its URL for the mailer, what it has taken, and how many to refuse next.
#[derive(Clone)]
pub struct SmtpSink {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    refusals: Arc<AtomicUsize>,
}

impl SmtpSink {
    /// Starts the server on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let sink = Self {
            url: format!("smtp://127.0.0.1:{port}"),
            received: Arc::default(),
            refusals: Arc::default(),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serving.clone().converse(stream));
            }
        });
        sink
    }

    /// Refuses the next `n` messages with a temporary failure.
    pub fn refuse_next(&self, n: usize) {
        self.refusals.store(n, Ordering::SeqCst);
    }

    /// Every message taken so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn converse(self, stream: TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut to = Vec::new();
        let say = |text: &str| format!("{text}\r\n");
        if write
            .write_all(say("220 sink ESMTP").as_bytes())
            .await
            .is_err()
        {
            return;
        }
        while let Ok(Some(line)) = lines.next_line().await {
            let verb = line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_uppercase();
            let reply = match verb.as_str() {
                "EHLO" => "250-sink\r\n250 8BITMIME".to_owned(),
                "HELO" | "NOOP" => "250 ok".to_owned(),
                "MAIL" => {
                    to.clear();
                    let refuse = self
                        .refusals
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if refuse {
                        "451 try again later".to_owned()
                    } else {
                        "250 ok".to_owned()
                    }
                }
                "RCPT" => {
                    let address = line
                        .split_once(':')
                        .map(|(_, a)| a.trim().trim_matches(['<', '>']).to_owned())
                        .unwrap_or_default();
                    to.push(address);
                    "250 ok".to_owned()
                }
                "DATA" => {
                    if write.write_all(say("354 go on").as_bytes()).await.is_err() {
                        return;
                    }
                    let mut data = String::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        if line == "." {
                            break;
                        }
                        // A line beginning with a dot comes with a second one before it.
                        let line = if line.starts_with("..") {
                            &line[1..]
                        } else {
                            &line
                        };
                        data.push_str(line);
                        data.push_str("\r\n");
                    }
                    self.received.lock().unwrap().push(Received {
                        to: std::mem::take(&mut to),
                        data,
                    });
                    "250 taken".to_owned()
                }
                "RSET" => {
                    to.clear();
                    "250 ok".to_owned()
                }
                "QUIT" => {
                    let _ = write.write_all(say("221 bye").as_bytes()).await;
                    return;
                }
                _ => "502 not here".to_owned(),
            };
            if write.write_all(say(&reply).as_bytes()).await.is_err() {
                return;
            }
        }
    }
}
