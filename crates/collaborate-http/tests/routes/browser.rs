//! A browser over the test client: it keeps its cookies, follows nothing by itself, and sends
//! forms with the token of the page it last read, as a person's browser would.

use crate::fixture::Client;
use poem::Response;
use poem::endpoint::BoxEndpoint;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One page as the browser received it.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub headers: poem::http::HeaderMap,
    pub html: String,
}

impl Page {
    /// The form token the page carries.
    pub fn form_token(&self) -> String {
        let marker = "name=\"form_token\" value=\"";
        let start = self.html.find(marker).expect("a form on the page") + marker.len();
        self.html[start..start + 64].to_owned()
    }

    /// The value of the (first) field named `name`, as a browser would send it back.
    pub fn field_value(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.html.find(&marker).expect("the field") + marker.len();
        let end = self.html[start..].find('"').expect("the value's end");
        unescape(&self.html[start..start + end])
    }

    /// Whether the page's text holds `text`.
    pub fn shows(&self, text: &str) -> bool {
        self.html.contains(text)
    }
}

/// A browser with its own cookie jar.
pub struct Browser<'a> {
    client: &'a Client,
    cookies: RefCell<BTreeMap<String, String>>,
}

impl<'a> Browser<'a> {
    pub fn new(client: &'a Client) -> Self {
        Self {
            client,
            cookies: RefCell::new(BTreeMap::new()),
        }
    }

    /// A browser signed in with the session `token` (opened by the API).
    pub fn signed_in(client: &'a Client, token: &str) -> Self {
        let browser = Self::new(client);
        browser.set_cookie("collaborate_session", token);
        browser
    }

    /// The cookie named `name`, if the browser holds it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }

    /// Sets a cookie, as another site or a hand-edited browser could.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .borrow_mut()
            .insert(name.to_owned(), value.to_owned());
    }

    pub async fn get(&self, path: &str) -> Page {
        let request = self.client.get(path);
        self.send(request).await
    }

    /// Posts `fields` as a form, with the token of the page at `from`, read first.
    pub async fn submit(&self, from: &str, to: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(from).await.form_token();
        self.post(to, &token, fields).await
    }

    /// Posts `fields` with the token given.
    pub async fn post(&self, to: &str, token: &str, fields: &[(&str, &str)]) -> Page {
        let mut all = vec![("form_token", token)];
        all.extend_from_slice(fields);
        let body = all
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = self
            .client
            .post(to)
            .content_type("application/x-www-form-urlencoded")
            .body(body);
        self.send(request).await
    }

    /// Uploads `file` as the form's `file` field (multipart), with the token given.
    pub async fn upload(&self, to: &str, token: &str, file: &[u8]) -> Page {
        let form = poem::test::TestForm::new().text("form_token", token).field(
            poem::test::TestFormField::bytes(file.to_vec())
                .name("file")
                .filename("questionnaire.csv"),
        );
        let request = self.client.post(to).multipart(form);
        self.send(request).await
    }

    async fn send(
        &self,
        request: poem::test::TestRequestBuilder<'_, BoxEndpoint<'static, Response>>,
    ) -> Page {
        let cookie = self
            .cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = if cookie.is_empty() {
            request
        } else {
            request.header("Cookie", cookie)
        };
        let response = request.send().await.0;
        for set in response.headers().get_all("Set-Cookie") {
            let set = set.to_str().unwrap();
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.borrow_mut().remove(name);
            } else {
                self.set_cookie(name, value);
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("Location")
            .map(|l| l.to_str().unwrap().to_owned());
        let headers = response.headers().clone();
        let html = response.into_body().into_string().await.unwrap();
        Page {
            status,
            location,
            headers,
            html,
        }
    }
}

fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// HTML's character references undone: `&#62;`, `&#x2f;`, `&amp;` and the like.
fn unescape(escaped: &str) -> String {
    let mut out = String::new();
    let mut rest = escaped;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        let entity = &rest[at + 1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        out.push(decoded.expect("a character reference"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}
