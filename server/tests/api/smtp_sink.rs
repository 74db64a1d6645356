//! A real SMTP server for tests, started in-process on port 0. It speaks enough of RFC 5321 for
//! lettre (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), records what it receives and can be told to
//! refuse messages temporarily (451) or permanently (550).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as received.
#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body, dot-unstuffed.
    pub data: String,
}

impl ReceivedMail {
    /// The value of a header (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let mut lines = self.data.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            if line.is_empty() {
                break;
            }
            if line.to_ascii_lowercase().starts_with(&prefix) {
                let mut value = line[prefix.len()..].trim().to_string();
                while let Some(next) = lines.peek() {
                    if next.starts_with(' ') || next.starts_with('\t') {
                        value.push(' ');
                        value.push_str(next.trim());
                        lines.next();
                    } else {
                        break;
                    }
                }
                return Some(value);
            }
        }
        None
    }
}

impl ReceivedMail {
    /// The body, decoded from its transfer encoding (lettre picks quoted-printable or base64
    /// for long lines and accents).
    pub fn body(&self) -> String {
        let body = self
            .data
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .unwrap_or_default();
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        match encoding.as_str() {
            "base64" => {
                use base64::Engine as _;
                let compact: String = body.split_whitespace().collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .unwrap_or_default();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            "quoted-printable" => {
                let joined = body.replace("=\r\n", "");
                let raw = joined.as_bytes();
                let mut bytes = Vec::with_capacity(raw.len());
                let mut i = 0;
                while i < raw.len() {
                    let hex = raw
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    match (raw[i], hex) {
                        (b'=', Some(byte)) => {
                            bytes.push(byte);
                            i += 3;
                        }
                        (byte, _) => {
                            bytes.push(byte);
                            i += 1;
                        }
                    }
                }
                String::from_utf8_lossy(&bytes).into_owned()
            }
            _ => body.to_string(),
        }
    }

    /// The value of the first `token=` parameter of a link in the body.
    pub fn link_token(&self) -> Option<String> {
        let body = self.body();
        let start = body.find("token=")? + 6;
        let token: String = body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        (!token.is_empty()).then_some(token)
    }
}

/// What the sink answers at the end of DATA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    Accept,
    /// Answer 451 this many more times, then accept.
    RefuseTemporarily(u32),
    /// Answer 550 to every message.
    RefusePermanently,
}

#[derive(Clone)]
pub struct SmtpSink {
    port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    behaviour: Arc<Mutex<Behaviour>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMTP sink");
        let port = listener.local_addr().expect("local addr").port();
        let sink = SmtpSink {
            port,
            received: Arc::new(Mutex::new(Vec::new())),
            behaviour: Arc::new(Mutex::new(Behaviour::Accept)),
        };
        let accepting = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = accepting.clone();
                tokio::spawn(async move {
                    let _ = session.serve(stream).await;
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_behaviour(&self, behaviour: Behaviour) {
        *self.behaviour.lock().expect("lock") = behaviour;
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits until at least `count` messages have arrived, or `timeout` passes.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got = self.received();
            if got.len() >= count || tokio::time::Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn serve(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut reader = BufReader::new(read);
        write
            .write_all(b"220 sink.picap.test ESMTP ready\r\n")
            .await?;
        let mut from = String::new();
        let mut to = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_string();
            let upper = command.to_ascii_uppercase();
            if upper.starts_with("EHLO") {
                write
                    .write_all(b"250-sink.picap.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?;
            } else if upper.starts_with("HELO") {
                write.write_all(b"250 sink.picap.test\r\n").await?;
            } else if upper.starts_with("MAIL FROM:") {
                from = command[10..].trim().to_string();
                to.clear();
                write.write_all(b"250 2.1.0 OK\r\n").await?;
            } else if upper.starts_with("RCPT TO:") {
                to.push(command[8..].trim().to_string());
                write.write_all(b"250 2.1.5 OK\r\n").await?;
            } else if upper == "DATA" {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let unstuffed = line
                        .strip_prefix('.')
                        .filter(|_| line.starts_with(".."))
                        .unwrap_or(&line);
                    data.push_str(unstuffed);
                }
                let answer = {
                    let mut behaviour = self.behaviour.lock().expect("lock");
                    match *behaviour {
                        Behaviour::Accept => None,
                        Behaviour::RefuseTemporarily(0) => {
                            *behaviour = Behaviour::Accept;
                            None
                        }
                        Behaviour::RefuseTemporarily(n) => {
                            *behaviour = Behaviour::RefuseTemporarily(n - 1);
                            Some(&b"451 4.3.0 Mailbox temporarily unavailable\r\n"[..])
                        }
                        Behaviour::RefusePermanently => Some(&b"550 5.1.1 No such mailbox\r\n"[..]),
                    }
                };
                match answer {
                    Some(refusal) => write.write_all(refusal).await?,
                    None => {
                        self.received.lock().expect("lock").push(ReceivedMail {
                            from: from.clone(),
                            to: to.clone(),
                            data,
                        });
                        write.write_all(b"250 2.0.0 Queued\r\n").await?;
                    }
                }
            } else if upper == "RSET" || upper == "NOOP" {
                write.write_all(b"250 2.0.0 OK\r\n").await?;
            } else if upper == "QUIT" {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            } else {
                write
                    .write_all(b"502 5.5.2 Command not recognized\r\n")
                    .await?;
            }
        }
    }
}
