//! Reloading open tabs: server-sent events on [`EVENTS_PATH`], the script every served page
//! gets, and the overlay that shows a broken edit's findings over the last good page.
//!
//! Each build that is swapped in gets the next generation number. A page carries the
//! generation it was served at; its script opens an `EventSource`, and the stream sends the
//! current generation at once and then every new one, so a tab reloads exactly when the site
//! it shows is older than the one being served, including a tab that connects just after a
//! rebuild. The tabs of one browser share one stream: a browser keeps at most six connections
//! to a host for all its tabs, and a stream per tab left the seventh tab unable to load. The
//! tab that holds a Web Lock listens and passes each generation on over a
//! `BroadcastChannel`; when it closes, the lock and the listening pass to another tab. The reload is sent only after the new build is swapped in, so the reloading tab
//! gets the new site, never a half-built one. The script keeps the scroll position across the
//! reload.
//!
//! tiny_http buffers a streamed response body in chunks, so each stream writes its headers and
//! events itself on the raw connection ([`tiny_http::Request::into_writer`]) and flushes every
//! event; each stream has a thread of its own.
//!
//! No tab loses live reload. The streams open at once are bounded, so that tabs cannot take
//! every connection the server may hold; a tab over the bound gets a stream that asks it to
//! come back ([`RETRY_WHEN_FULL`]) and ends, which `EventSource` follows by itself, where a
//! `503` would make it give up for good. A closed tab's stream ends at its next keep-alive
//! comment ([`KEEPALIVE`]), and the page's script opens a new stream whenever the browser
//! gives one up (after the server was restarted, say).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__govwiki/events";

/// How long a tab over the bound of open streams waits before it asks again, in milliseconds.
pub const RETRY_WHEN_FULL: u64 = 2000;

/// How often an idle stream sends a comment, so that a closed tab is noticed and its thread
/// ends: the first write after the tab closed is refused by its side, the second fails here.
const KEEPALIVE: Duration = Duration::from_secs(2);

/// The generation of the served site, shared with every stream.
#[derive(Debug)]
pub struct Broadcast {
    generation: Mutex<u64>,
    changed: Condvar,
    streams: AtomicUsize,
    /// How many streams may be open at once.
    max_streams: usize,
    /// Set when the server stops; every stream ends.
    closed: Mutex<bool>,
}

impl Broadcast {
    /// A broadcast that keeps at most `max_streams` streams open at once.
    #[must_use]
    pub fn new(max_streams: usize) -> Broadcast {
        Broadcast {
            generation: Mutex::new(0),
            changed: Condvar::new(),
            streams: AtomicUsize::new(0),
            max_streams,
            closed: Mutex::new(false),
        }
    }

    /// The generation being served.
    #[must_use]
    pub fn generation(&self) -> u64 {
        *self.generation.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Announces that a new build is being served; returns its generation.
    pub fn publish(&self) -> u64 {
        let mut generation = self.generation.lock().unwrap_or_else(PoisonError::into_inner);
        *generation += 1;
        self.changed.notify_all();
        *generation
    }

    /// Ends every stream.
    pub fn close(&self) {
        *self.closed.lock().unwrap_or_else(PoisonError::into_inner) = true;
        let _guard = self.generation.lock().unwrap_or_else(PoisonError::into_inner);
        self.changed.notify_all();
    }

    fn is_closed(&self) -> bool {
        *self.closed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many streams are open.
    #[must_use]
    pub fn streams(&self) -> usize {
        self.streams.load(Ordering::SeqCst)
    }

    /// Waits until the generation differs from `seen` or `timeout` passes; returns the
    /// current generation.
    fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let generation = self.generation.lock().unwrap_or_else(PoisonError::into_inner);
        let (generation, _) = self
            .changed
            .wait_timeout_while(generation, timeout, |g| *g == seen)
            .unwrap_or_else(PoisonError::into_inner);
        *generation
    }

    /// Serves one event stream on `request`, until the tab goes away or the server stops.
    pub fn stream(&self, request: tiny_http::Request) {
        if self.streams.fetch_add(1, Ordering::SeqCst) >= self.max_streams {
            self.streams.fetch_sub(1, Ordering::SeqCst);
            // An event stream that ends at once: the tab asks again after the delay given.
            let mut writer = request.into_writer();
            let _ = write!(
                writer,
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                 Cache-Control: no-store\r\nConnection: close\r\n\r\n\
                 : too many open tabs; ask again later\nretry: {RETRY_WHEN_FULL}\n\n"
            )
            .and_then(|()| writer.flush());
            return;
        }
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                    Cache-Control: no-store\r\nConnection: keep-alive\r\n\
                    X-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
        let mut seen = self.generation();
        let mut result = writer
            .write_all(head.as_bytes())
            .and_then(|()| write!(writer, "event: generation\ndata: {seen}\n\n"))
            .and_then(|()| writer.flush());
        while result.is_ok() && !self.is_closed() {
            let now = self.wait(seen, KEEPALIVE);
            result = if now == seen {
                writer.write_all(b": keepalive\n\n")
            } else {
                seen = now;
                write!(writer, "event: generation\ndata: {now}\n\n")
            }
            .and_then(|()| writer.flush());
        }
        self.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The script and overlay added before `</body>` of every served page; never part of
/// `build` output.
#[must_use]
pub fn injection(generation: u64, overlay: Option<&str>) -> String {
    let mut html = String::with_capacity(2048);
    if let Some(overlay) = overlay {
        html.push_str(overlay);
    }
    html.push_str("<script>\n");
    html.push_str(&format!("const govwikiGeneration = {generation};\n"));
    html.push_str(SCRIPT);
    html.push_str("</script>\n");
    html
}

/// Reloads the tab when the served generation differs from the page's, keeping the scroll
/// position; closes the overlay on request.
const SCRIPT: &str = r#"(() => {
  const key = "govwiki-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = saved.split(",").map(Number);
    addEventListener("load", () => scrollTo(x, y));
    scrollTo(x, y);
  }
  const reload = () => {
    sessionStorage.setItem(key, scrollX + "," + scrollY);
    location.reload();
  };
  const heard = (generation) => {
    if (generation !== govwikiGeneration) {
      reload();
    }
  };
  // The browser reconnects a stream that ends by itself; one it gave up (the server was
  // stopped, or answered with an error) is opened again here, so the tab never stops listening.
  const listen = (told) => {
    const events = new EventSource("/__govwiki/events");
    events.addEventListener("generation", (event) => told(Number(event.data)));
    events.addEventListener("error", () => {
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(() => listen(told), 2000);
      }
    });
  };
  // A browser keeps at most six connections to one host for all its tabs, so a stream per
  // tab left a seventh tab unable to load: one tab at a time (the holder of a lock, which
  // passes to another tab when it closes) listens, and tells the others.
  if (navigator.locks && window.BroadcastChannel) {
    const channel = new BroadcastChannel("govwiki-reload");
    channel.addEventListener("message", (event) => heard(event.data));
    navigator.locks.request("govwiki-reload", () => new Promise(() => {
      listen((generation) => {
        channel.postMessage(generation);
        heard(generation);
      });
    }));
  } else {
    listen(heard);
  }
  const overlay = document.getElementById("govwiki-overlay");
  if (overlay) {
    overlay.querySelector("button").addEventListener("click", () => overlay.remove());
  }
})();
"#;

/// The overlay that shows the findings of a failed rebuild over the last good page.
#[must_use]
pub fn overlay(report: &str, errors: usize) -> String {
    let title = if errors == 1 {
        "The last edit has an error".to_owned()
    } else {
        format!("The last edit has {errors} errors")
    };
    format!(
        "<div id=\"govwiki-overlay\" role=\"alertdialog\" aria-labelledby=\"govwiki-overlay-title\" \
         style=\"position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;\
         background:#fff5f5;color:#1f2328;border:2px solid #b42318;border-radius:.5rem;\
         box-shadow:0 .5rem 2rem rgba(0,0,0,.35);padding:1rem 1.25rem;font:14px/1.5 system-ui,sans-serif\">\
         <button type=\"button\" style=\"float:right\" aria-label=\"Close\">✕</button>\
         <strong id=\"govwiki-overlay-title\">{title}</strong>\
         <p style=\"margin:.25rem 0 .5rem\">This is the last good version of the page. \
         Fix the file and save: the page reloads by itself.</p>\
         <pre style=\"margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace\">{}</pre></div>\n",
        html_escape::encode_text(report)
    )
}

/// `page` with `injection` inserted before its last `</body>` (or at its end).
#[must_use]
pub fn inject(page: &[u8], injection: &str) -> Vec<u8> {
    let at =
        page.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + injection.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(injection.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, &injection(7, None))).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script>\nconst govwikiGeneration = 7;\n"));
        assert!(out.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn the_overlay_escapes_the_report() {
        let html = overlay("error[GW201]: `who` names `<b>`", 1);
        assert!(html.contains("The last edit has an error"));
        assert!(html.contains("`who` names `&lt;b&gt;`"));
    }

    #[test]
    fn publish_wakes_waiting_streams() {
        let broadcast = std::sync::Arc::new(Broadcast::new(1));
        let waiting = std::sync::Arc::clone(&broadcast);
        let thread = std::thread::spawn(move || waiting.wait(0, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(broadcast.publish(), 1);
        assert_eq!(thread.join().unwrap(), 1);
    }
}
