//! A minimal W3C WebDriver client: the handful of commands the tests use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
const TIMEOUT: Duration = Duration::from_secs(90);

/// Waits (up to 3 s) until the page has no command under way
/// (`window.__tavoloPending`, counted by the page's `call`) and the element in
/// `arguments[0]` has kept its place for two looks 25 ms apart.
const SETTLE: &str = r#"
const [element, done] = [arguments[0], arguments[arguments.length - 1]];
const start = performance.now();
let last = "", quiet = 0;
(function look() {
  const busy = (window.__tavoloPending ? window.__tavoloPending() : 0) > 0;
  const r = element.getBoundingClientRect();
  const place = `${r.x},${r.y},${r.width},${r.height}`;
  quiet = !busy && place === last ? quiet + 1 : 0;
  last = place;
  if (quiet >= 1 || performance.now() - start > 3000) done(quiet >= 1);
  else setTimeout(look, 25);
})();
"#;

/// Whether a driver answers on `port`.
pub fn status(port: u16) -> bool {
    request(port, "GET", "/status", None).is_ok()
}
/// A WebDriver failure, with the driver's own message.
#[derive(Debug)]
pub struct WdError(pub String);

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WdError {}

pub type WdResult<T> = Result<T, WdError>;

/// One browser session: the app started by the driver.
pub struct Session {
    port: u16,
    base: String,
}

impl Session {
    /// Starts the app at `binary` through the driver on `port`.
    pub fn start(port: u16, binary: &str) -> WdResult<Session> {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "webkitgtk:browserOptions": {"binary": binary, "args": []}
        }}});
        let value = request(port, "POST", "/session", Some(caps))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| WdError(format!("no session id in {value}")))?;
        Ok(Session {
            port,
            base: format!("/session/{id}"),
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> WdResult<Value> {
        request(self.port, method, &format!("{}{path}", self.base), body)
    }

    /// Elements matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> WdResult<Vec<String>> {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The first element matching `css`, if any.
    pub fn find(&self, css: &str) -> WdResult<Option<String>> {
        Ok(self.find_all(css)?.into_iter().next())
    }

    /// Clicks `element` where a person would, once the page is still: no command
    /// of the page's under way and the element where it was a moment ago. The
    /// driver reads the element's place, then sends the click to that point; an
    /// answer arriving in between (a section's lists loading above a button) lays
    /// the page out again, and the click lands on whatever moved there.
    pub fn click(&self, element: &str) -> WdResult<()> {
        // Best effort: a page that cannot run the script (an alert open) gets the
        // click at once, and the driver reports what stops it.
        let _ = self.execute_async(SETTLE, vec![json!({ ELEMENT_KEY: element })]);
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .map(|_| ())
    }

    pub fn type_text(&self, element: &str, text: &str) -> WdResult<()> {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .map(|_| ())
    }

    /// Presses `keys` on whatever has the focus, one after the other, as a
    /// person would (WebDriver's actions: a key held, such as Shift, stays down
    /// until NULL). Unlike `type_text` it leaves the caret and the selection
    /// where the keys put them.
    pub fn press(&self, keys: &str) -> WdResult<()> {
        let mut actions = Vec::new();
        let mut held: Vec<char> = Vec::new();
        for k in keys.chars() {
            if k == '\u{E000}' {
                for h in held.drain(..) {
                    actions.push(json!({"type": "keyUp", "value": h.to_string()}));
                }
                continue;
            }
            actions.push(json!({"type": "keyDown", "value": k.to_string()}));
            if matches!(k, '\u{E008}' | '\u{E009}' | '\u{E00A}') {
                held.push(k);
            } else {
                actions.push(json!({"type": "keyUp", "value": k.to_string()}));
            }
        }
        for h in held {
            actions.push(json!({"type": "keyUp", "value": h.to_string()}));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )?;
        self.call("DELETE", "/actions", None).map(|_| ())
    }

    pub fn clear(&self, element: &str) -> WdResult<()> {
        self.call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .map(|_| ())
    }

    pub fn text(&self, element: &str) -> WdResult<String> {
        let v = self.call("GET", &format!("/element/{element}/text"), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Runs `script` in the page (its `arguments` are `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> WdResult<Value> {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs `script` in the page and returns the value it passes to its last
    /// argument, the callback (for promises).
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> WdResult<Value> {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> WdResult<()> {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height, "x": 0, "y": 0})),
        )
        .map(|_| ())
    }
}

/// One HTTP/1.1 request on a fresh loopback connection. (ureq 2 stalled reading
/// the larger screenshot responses of WebKitWebDriver; this reads exactly
/// Content-Length bytes.)
fn request(port: u16, method: &str, path: &str, body: Option<Value>) -> WdResult<Value> {
    let fail = |what: &str| WdError(format!("{method} {path}: {what}"));
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| fail(&e.to_string()))?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| fail(&e.to_string()))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(payload.as_bytes()))
        .map_err(|e| fail(&e.to_string()))?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader
        .read_line(&mut status_line)
        .map_err(|e| fail(&e.to_string()))?;
    let mut length = None;
    loop {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|e| fail(&e.to_string()))?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }
    let mut data = Vec::new();
    match length {
        Some(n) => {
            data.resize(n, 0);
            reader
                .read_exact(&mut data)
                .map_err(|e| fail(&e.to_string()))?;
        }
        None => {
            reader
                .read_to_end(&mut data)
                .map_err(|e| fail(&e.to_string()))?;
        }
    }
    let json: Value = serde_json::from_slice(&data).map_err(|e| fail(&format!("bad JSON: {e}")))?;
    if !status_line.contains(" 200 ") {
        return Err(fail(&format!("{}: {json}", status_line.trim())));
    }
    Ok(json["value"].clone())
}
