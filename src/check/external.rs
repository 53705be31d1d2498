//! Stage 3, CHECK: the external link checker behind `govwiki check --external`.
//!
//! Input: the external URLs found in the rendered site (duplicates allowed, fragments allowed)
//! and [`ExternalOptions`]. Output: an [`ExternalReport`] with one [`LinkStatus`] per input URL
//! (keyed by the URL exactly as given), counts, the elapsed time and a one-line summary.
//!
//! How a URL is checked: the fragment is dropped, then each distinct URL is requested once
//! (`HEAD`, falling back to `GET` when the server rejects or mishandles `HEAD`). Redirects to
//! web addresses are followed; one elsewhere (`file:`) is reported. A transient failure (timeout, refused or reset connection, `429`, `5xx`) is retried
//! once after a short pause. Non-HTTP schemes (`mailto:`, `tel:`) are accepted without a request.
//!
//! Invariants: a fixed pool of `concurrency` worker threads drains one shared queue, and no host
//! (and port) ever has more than `per_host` requests in flight. Every request is bounded by
//! `timeout`, and no request starts after `deadline`, so a run ends by the deadline and the
//! longest request then under way. Nothing here panics:
//! every failure becomes a [`LinkStatus::Failed`] with a short lowercase reason.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::io;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use ureq::Agent;
use url::Url;

/// How many redirects a link may take before it is reported.
const MAX_REDIRECTS: usize = 10;

/// Pause before the single retry when the server does not send `Retry-After`.
const RETRY_PAUSE: Duration = Duration::from_millis(300);

/// Longest `Retry-After` honoured: a server asking for more gets this much and no more, so one
/// slow host cannot stall the whole run.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(2);

/// Settings for [`check_urls`].
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Time limit for one request (DNS, connect, headers), redirects included; default 10 s.
    pub timeout: Duration,
    /// Most requests in flight at once to one host; default 2. Zero is treated as one.
    pub per_host: usize,
    /// Number of worker threads in all; default 8. Zero is treated as one.
    pub concurrency: usize,
    /// Time limit for the whole run; default 5 minutes. The links not requested by then are
    /// reported as not checked, and the requests under way end by their own `timeout`.
    pub deadline: Duration,
    /// The `User-Agent` header sent with every request.
    pub user_agent: String,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            per_host: 2,
            concurrency: 8,
            deadline: Duration::from_secs(300),
            user_agent: format!("govwiki/{} (link checker)", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The outcome of checking one external URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// The URL answered with a 2xx status (after redirects), or needs no request (`mailto:`).
    Ok,
    /// The final answer was this HTTP status, which is not 2xx.
    Status(u16),
    /// No HTTP answer: DNS, refused connection, timeout, TLS or a malformed URL. The reason is
    /// short and lowercase, such as `connection refused`.
    Failed(String),
}

impl LinkStatus {
    /// Whether the link works.
    pub fn is_ok(&self) -> bool {
        matches!(self, LinkStatus::Ok)
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkStatus::Ok => f.write_str("ok"),
            LinkStatus::Status(code) => write!(f, "http status {code}"),
            LinkStatus::Failed(reason) => f.write_str(reason),
        }
    }
}

/// What [`check_urls`] found.
#[derive(Debug, Clone)]
pub struct ExternalReport {
    /// One entry per input URL, keyed by the URL exactly as given (fragment included).
    pub results: HashMap<String, LinkStatus>,
    /// Number of distinct URLs checked (after dropping fragments and duplicates).
    pub checked: usize,
    /// Number of distinct URLs whose status is not [`LinkStatus::Ok`].
    pub broken: usize,
    /// Wall-clock time of the whole run.
    pub elapsed: Duration,
}

impl ExternalReport {
    /// One line for the caller to print, such as
    /// `checked 12 external links in 1.4 s: 2 broken`.
    pub fn summary(&self) -> String {
        let plural = if self.checked == 1 { "" } else { "s" };
        format!(
            "checked {} external link{plural} in {:.1} s: {} broken",
            self.checked,
            self.elapsed.as_secs_f64(),
            self.broken
        )
    }
}

/// What the check of external links tells as it goes, for a command that shows its progress
/// (the check itself prints nothing). Every method may be called from several threads.
pub trait Progress: Send + Sync + std::fmt::Debug {
    /// `total` distinct URLs are to be checked, of which `known` need no request.
    fn start(&self, total: usize, known: usize);
    /// A request for `url` begins.
    fn requesting(&self, url: &str);
    /// One more URL is checked.
    fn checked(&self);
    /// Every URL is checked.
    fn finish(&self);
}

/// Progress that nobody is shown.
#[derive(Debug)]
pub struct Unseen;

impl Progress for Unseen {
    fn start(&self, _: usize, _: usize) {}
    fn requesting(&self, _: &str) {}
    fn checked(&self) {}
    fn finish(&self) {}
}

/// Checks every URL in `urls` and reports one status per input URL, telling `progress` as it
/// goes.
///
/// Each distinct URL (fragment removed) is requested once, however often it appears. The run is
/// bounded by the timeouts in `options` and never panics.
pub fn check_urls(
    urls: &[String],
    options: &ExternalOptions,
    progress: &dyn Progress,
) -> ExternalReport {
    let start = Instant::now();

    // Normalise and deduplicate: `key_of[i]` is the request key of `urls[i]`.
    let mut key_of = Vec::with_capacity(urls.len());
    let mut seen = HashSet::new();
    let mut jobs = VecDeque::new();
    let mut done = HashMap::new();
    for raw in urls {
        let target = Target::parse(raw);
        let key = target.key().to_owned();
        if seen.insert(key.clone()) {
            match target {
                Target::Http { key, host } => jobs.push_back(Job { url: key, host }),
                Target::Final { key, status } => {
                    done.insert(key, status);
                }
            }
        }
        key_of.push(key);
    }
    let checked = seen.len();

    progress.start(checked, done.len());

    let workers = options.concurrency.max(1).min(jobs.len());
    let pool = Pool {
        state: Mutex::new(State { queue: jobs, in_flight: HashMap::new(), done }),
        freed: Condvar::new(),
        per_host: options.per_host.max(1),
        deadline: (start + options.deadline, options.deadline),
    };
    if workers > 0 {
        let agent = agent(options);
        thread::scope(|scope| {
            let mut spawned = 0;
            for n in 0..workers {
                let (pool, agent) = (&pool, &agent);
                let builder = thread::Builder::new().name(format!("link-check-{n}"));
                if builder.spawn_scoped(scope, move || pool.work(agent, progress)).is_ok() {
                    spawned += 1;
                }
            }
            // The OS refused every thread: do the work here rather than not at all.
            if spawned == 0 {
                pool.work(&agent, progress);
            }
        });
    }
    progress.finish();

    let done = pool.state.into_inner().unwrap_or_else(PoisonError::into_inner).done;
    let mut results = HashMap::with_capacity(urls.len());
    for (raw, key) in urls.iter().zip(&key_of) {
        let status =
            done.get(key).cloned().unwrap_or_else(|| LinkStatus::Failed("not checked".to_owned()));
        results.insert(raw.clone(), status);
    }
    let broken = seen.iter().filter(|key| !matches!(done.get(*key), Some(LinkStatus::Ok))).count();

    ExternalReport { results, checked, broken, elapsed: start.elapsed() }
}

/// An input URL after parsing: either something to request or an answer known without one.
enum Target {
    /// An `http` or `https` URL: `key` is the normalised URL without fragment.
    Http { key: String, host: String },
    /// A URL whose status needs no request (another scheme, or unparseable).
    Final { key: String, status: LinkStatus },
}

impl Target {
    fn parse(raw: &str) -> Self {
        match Url::parse(raw) {
            Ok(mut url) => {
                url.set_fragment(None);
                let key = url.as_str().to_owned();
                match url.scheme() {
                    // Requests to one server are limited: its host and port.
                    "http" | "https" => match url.host_str() {
                        Some(host) => Target::Http {
                            host: format!(
                                "{}:{}",
                                host.to_ascii_lowercase(),
                                url.port_or_known_default().unwrap_or_default()
                            ),
                            key,
                        },
                        None => Target::Final {
                            key,
                            status: LinkStatus::Failed("invalid url: no host".to_owned()),
                        },
                    },
                    // `mailto:`, `tel:` and friends cannot be checked over HTTP.
                    _ => Target::Final { key, status: LinkStatus::Ok },
                }
            }
            Err(err) => {
                let key = raw.split('#').next().unwrap_or(raw).to_owned();
                Target::Final { key, status: LinkStatus::Failed(format!("invalid url: {err}")) }
            }
        }
    }

    fn key(&self) -> &str {
        match self {
            Target::Http { key, .. } | Target::Final { key, .. } => key,
        }
    }
}

/// One distinct URL waiting in the queue.
struct Job {
    url: String,
    host: String,
}

/// The shared work queue, guarded by one mutex so that picking a job and claiming a host slot
/// happen together.
struct Pool {
    state: Mutex<State>,
    /// Signalled whenever a host slot is released.
    freed: Condvar,
    per_host: usize,
    /// When no more requests are started, and the limit it came from.
    deadline: (Instant, Duration),
}

struct State {
    queue: VecDeque<Job>,
    /// Requests in flight per host; a host with none is absent.
    in_flight: HashMap<String, usize>,
    /// Finished results, keyed by request key.
    done: HashMap<String, LinkStatus>,
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means another worker panicked; the data is still consistent
        // because every update is a single insert or counter change.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs jobs until the queue is empty.
    fn work(&self, agent: &Agent, progress: &dyn Progress) {
        while let Some(job) = self.next_job() {
            progress.requesting(&job.url);
            let status = check_one(agent, &job.url);
            let mut state = self.lock();
            if let Some(count) = state.in_flight.get_mut(&job.host) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    state.in_flight.remove(&job.host);
                }
            }
            state.done.insert(job.url, status);
            drop(state);
            self.freed.notify_all();
            progress.checked();
        }
    }

    /// Takes the first queued job whose host has a free slot and claims that slot, waiting while
    /// every queued host is busy. Returns `None` when the queue is empty.
    fn next_job(&self) -> Option<Job> {
        let mut state = self.lock();
        loop {
            if state.queue.is_empty() {
                return None;
            }
            let (deadline, limit) = self.deadline;
            if Instant::now() >= deadline {
                let reason = format!(
                    "not checked: the run's deadline of {} s passed (`check.external.deadline`)",
                    limit.as_secs()
                );
                let State { queue, done, .. } = &mut *state;
                for job in queue.drain(..) {
                    done.insert(job.url, LinkStatus::Failed(reason.clone()));
                }
                return None;
            }
            let per_host = self.per_host;
            let free = state
                .queue
                .iter()
                .position(|job| state.in_flight.get(&job.host).copied().unwrap_or(0) < per_host);
            if let Some(job) = free.and_then(|index| state.queue.remove(index)) {
                *state.in_flight.entry(job.host.clone()).or_insert(0) += 1;
                return Some(job);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            state = self.freed.wait_timeout(state, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

fn agent(options: &ExternalOptions) -> Agent {
    Agent::config_builder()
        // A 404 is an answer to report, not a transport error.
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        // Redirects are followed by `call`, which sees where each one leads.
        .max_redirects(0)
        .user_agent(options.user_agent.as_str())
        .max_idle_connections_per_host(options.per_host.max(1))
        .build()
        .into()
}

/// The result of one HEAD-then-GET probe.
struct Attempt {
    status: LinkStatus,
    /// `Some(pause)` when the failure looks transient and is worth one retry after `pause`.
    retry: Option<Duration>,
}

/// Checks one URL: a probe, and one more after a pause if the first failure was transient.
fn check_one(agent: &Agent, url: &str) -> LinkStatus {
    let first = probe(agent, url);
    match first.retry {
        Some(pause) => {
            thread::sleep(pause);
            probe(agent, url).status
        }
        None => first.status,
    }
}

/// `HEAD`, then `GET` when the server rejects `HEAD` (any 4xx/5xx but 404 and 410, or other
/// non-2xx) or answers it with broken HTTP.
fn probe(agent: &Agent, url: &str) -> Attempt {
    match call(agent, true, url) {
        Ok(response) => {
            let code = response.status().as_u16();
            if (200..300).contains(&code) {
                return Attempt { status: LinkStatus::Ok, retry: None };
            }
            // Gone for sure; a GET would say the same.
            if code == 404 || code == 410 {
                return Attempt { status: LinkStatus::Status(code), retry: None };
            }
        }
        Err(Call::Failed(err)) if !is_protocol_error(&err) => return failed(&err),
        Err(Call::Failed(_)) => {}
        Err(Call::Refused(reason)) => {
            return Attempt { status: LinkStatus::Failed(reason), retry: None };
        }
    }
    // The body is never read: the status is all we need, and dropping the response closes the
    // connection instead of downloading a large page.
    match call(agent, false, url) {
        Ok(response) => {
            let code = response.status().as_u16();
            if (200..300).contains(&code) {
                return Attempt { status: LinkStatus::Ok, retry: None };
            }
            let retry = if code == 429 || (code >= 500 && code != 501) {
                Some(retry_after(response.headers()))
            } else {
                None
            };
            Attempt { status: LinkStatus::Status(code), retry }
        }
        Err(Call::Failed(err)) => failed(&err),
        Err(Call::Refused(reason)) => Attempt { status: LinkStatus::Failed(reason), retry: None },
    }
}

/// Why [`call`] has no answer.
enum Call {
    /// The request failed.
    Failed(ureq::Error),
    /// A redirect led where no request goes; the reason.
    Refused(String),
}

/// The answer to `HEAD url` (or `GET`), following redirects, at most [`MAX_REDIRECTS`], to
/// web addresses only. ureq would take a redirect to `file:///etc/passwd` for one to
/// `/etc/passwd` on the same host, and report what that host answers.
fn call(agent: &Agent, head: bool, url: &str) -> Result<ureq::http::Response<ureq::Body>, Call> {
    let mut current = url.to_owned();
    for _ in 0..=MAX_REDIRECTS {
        let answer = if head { agent.head(&current).call() } else { agent.get(&current).call() };
        let response = answer.map_err(Call::Failed)?;
        let code = response.status().as_u16();
        let location = response.headers().get("location").and_then(|v| v.to_str().ok());
        let (true, Some(location)) = ((300..400).contains(&code) && code != 304, location) else {
            return Ok(response);
        };
        let next = Url::parse(&current).and_then(|base| base.join(location));
        match next {
            Ok(next) if matches!(next.scheme(), "http" | "https") => current = next.into(),
            Ok(next) => {
                return Err(Call::Refused(format!(
                    "redirected to `{next}`, which is no web address"
                )));
            }
            Err(_) => return Err(Call::Refused(format!("redirected to `{location}`, no url"))),
        }
    }
    Err(Call::Failed(ureq::Error::TooManyRedirects))
}

/// Errors that suggest the server mishandles `HEAD` and may answer `GET` properly.
fn is_protocol_error(err: &ureq::Error) -> bool {
    match err {
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => true,
        ureq::Error::Io(io) => io.kind() == io::ErrorKind::UnexpectedEof,
        _ => false,
    }
}

fn failed(err: &ureq::Error) -> Attempt {
    let transient = match err {
        ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(io) => matches!(
            io.kind(),
            io::ErrorKind::ConnectionRefused
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::TimedOut
                | io::ErrorKind::Interrupted
                | io::ErrorKind::UnexpectedEof
        ),
        _ => false,
    };
    Attempt { status: LinkStatus::Failed(reason(err)), retry: transient.then_some(RETRY_PAUSE) }
}

/// A short lowercase reason for a transport error.
fn reason(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        ureq::Error::TooManyRedirects => "too many redirects".to_owned(),
        ureq::Error::BadUri(uri) => format!("invalid url `{uri}`"),
        ureq::Error::Http(_) => "invalid url".to_owned(),
        ureq::Error::Tls(msg) => format!("tls error: {msg}"),
        ureq::Error::Rustls(tls) => format!("tls error: {tls}"),
        ureq::Error::Protocol(proto) => format!("protocol error: {proto}"),
        ureq::Error::Io(io) => match io.kind() {
            io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
            io::ErrorKind::ConnectionAborted => "connection aborted".to_owned(),
            io::ErrorKind::TimedOut => "timed out".to_owned(),
            io::ErrorKind::UnexpectedEof => "connection closed early".to_owned(),
            _ => lowercase_first(&io.to_string()),
        },
        other => lowercase_first(&other.to_string()),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The pause a `429` or `5xx` answer asks for: `Retry-After` in seconds, capped at
/// [`MAX_RETRY_PAUSE`]; HTTP dates and garbage fall back to [`RETRY_PAUSE`].
fn retry_after(headers: &ureq::http::HeaderMap) -> Duration {
    headers
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map_or(RETRY_PAUSE, |secs| Duration::from_secs(secs).min(MAX_RETRY_PAUSE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A local HTTP server for one test. Every request is answered on its own thread so that a
    /// slow route does not hold up the others.
    struct TestServer {
        server: Arc<tiny_http::Server>,
        base: String,
        /// `(method, path)` of every request received, in order.
        log: Arc<Mutex<Vec<(String, String)>>>,
        /// Most requests ever in flight at once on `/slow-count/*`.
        max_in_flight: Arc<AtomicUsize>,
        accept: Option<thread::JoinHandle<()>>,
    }

    impl TestServer {
        fn start() -> Self {
            let server =
                Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind test server"));
            let port = server.server_addr().to_ip().expect("ip address").port();
            let log = Arc::new(Mutex::new(Vec::new()));
            let in_flight = Arc::new(AtomicUsize::new(0));
            let max_in_flight = Arc::new(AtomicUsize::new(0));
            let accept = {
                let (server, log) = (Arc::clone(&server), Arc::clone(&log));
                let max_in_flight = Arc::clone(&max_in_flight);
                thread::spawn(move || {
                    for request in server.incoming_requests() {
                        let (log, in_flight) = (Arc::clone(&log), Arc::clone(&in_flight));
                        let max_in_flight = Arc::clone(&max_in_flight);
                        thread::spawn(move || respond(request, &log, &in_flight, &max_in_flight));
                    }
                })
            };
            TestServer {
                server,
                base: format!("http://127.0.0.1:{port}"),
                log,
                max_in_flight,
                accept: Some(accept),
            }
        }

        fn url(&self, path: &str) -> String {
            format!("{}{path}", self.base)
        }

        /// How many requests with `method` reached `path`.
        fn count(&self, method: &str, path: &str) -> usize {
            let log = self.log.lock().expect("log lock");
            log.iter().filter(|(m, p)| m == method && p == path).count()
        }
    }

    impl Drop for TestServer {
        fn drop(&mut self) {
            self.server.unblock();
            if let Some(accept) = self.accept.take() {
                let _ = accept.join();
            }
        }
    }

    fn respond(
        request: tiny_http::Request,
        log: &Mutex<Vec<(String, String)>>,
        in_flight: &AtomicUsize,
        max_in_flight: &AtomicUsize,
    ) {
        let method = request.method().as_str().to_owned();
        let path = request.url().to_owned();
        let (same_before, other_before) = {
            let mut log = log.lock().expect("log lock");
            let same = log.iter().filter(|(m, p)| *m == method && *p == path).count();
            let other = log.iter().filter(|(m, p)| *m != method && *p == path).count();
            log.push((method.clone(), path.clone()));
            (same, other)
        };
        let code = match path.as_str() {
            "/ok" => 200,
            "/missing" => 404,
            "/gone" => 410,
            "/no-head" if method == "HEAD" => 405,
            "/no-head" => 200,
            // 500 to the first HEAD and the first GET: the first probe fails as a whole.
            "/flaky" if same_before == 0 => 500,
            "/flaky" => 200,
            // 500 to the first HEAD only: the GET fallback succeeds without a retry.
            "/head-500" if same_before == 0 && other_before == 0 => 500,
            "/head-500" => 200,
            "/to-file" => {
                let location = tiny_http::Header::from_bytes("Location", "file:///etc/passwd")
                    .expect("header");
                let response = tiny_http::Response::empty(302).with_header(location);
                let _ = request.respond(response);
                return;
            }
            "/redirect" => {
                let location = tiny_http::Header::from_bytes("Location", "/ok").expect("header");
                let response = tiny_http::Response::empty(301).with_header(location);
                let _ = request.respond(response);
                return;
            }
            "/sleep" => {
                thread::sleep(Duration::from_secs(3));
                200
            }
            p if p.starts_with("/slow-count/") => {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_in_flight.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(100));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                200
            }
            _ => 404,
        };
        let _ = request.respond(tiny_http::Response::from_string("body").with_status_code(code));
    }

    fn options() -> ExternalOptions {
        ExternalOptions { timeout: Duration::from_secs(5), ..ExternalOptions::default() }
    }

    fn status(report: &ExternalReport, url: &str) -> LinkStatus {
        report.results.get(url).cloned().expect("url in report")
    }

    #[test]
    fn statuses_of_plain_routes() {
        let server = TestServer::start();
        let urls = vec![server.url("/ok"), server.url("/missing"), server.url("/gone")];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Ok);
        assert_eq!(status(&report, &urls[1]), LinkStatus::Status(404));
        assert_eq!(status(&report, &urls[2]), LinkStatus::Status(410));
        // 404 and 410 on HEAD are final: no GET follows.
        assert_eq!(server.count("GET", "/missing"), 0);
        assert_eq!(server.count("GET", "/gone"), 0);
        assert_eq!(server.count("HEAD", "/ok"), 1);
        assert_eq!((report.checked, report.broken), (3, 2));
    }

    /// What a command showing progress is told: every URL once, the known ones at the start.
    #[derive(Debug, Default)]
    struct Recorded(Mutex<Vec<String>>);

    impl Progress for Recorded {
        fn start(&self, total: usize, known: usize) {
            self.0.lock().unwrap().push(format!("start {total} {known}"));
        }
        fn requesting(&self, url: &str) {
            self.0.lock().unwrap().push(format!("requesting {url}"));
        }
        fn checked(&self) {
            self.0.lock().unwrap().push("checked".to_owned());
        }
        fn finish(&self) {
            self.0.lock().unwrap().push("finish".to_owned());
        }
    }

    #[test]
    fn progress_is_told_of_every_url_once() {
        let server = TestServer::start();
        let ok = server.url("/ok");
        let urls = vec![ok.clone(), format!("{ok}#part"), "mailto:a@example.org".to_owned()];
        let options = ExternalOptions { concurrency: 1, ..options() };
        let progress = Recorded::default();
        check_urls(&urls, &options, &progress);
        let told = progress.0.into_inner().unwrap();
        assert_eq!(told.first().map(String::as_str), Some("start 2 1"), "{told:?}");
        assert_eq!(&told[1..], [format!("requesting {ok}"), "checked".into(), "finish".into()]);
    }

    #[test]
    fn head_rejected_falls_back_to_get() {
        let server = TestServer::start();
        let urls = vec![server.url("/no-head")];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Ok);
        assert_eq!(server.count("HEAD", "/no-head"), 1);
        assert_eq!(server.count("GET", "/no-head"), 1);
    }

    #[test]
    fn server_error_is_retried_once() {
        let server = TestServer::start();
        let urls = vec![server.url("/flaky"), server.url("/head-500")];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Ok);
        // HEAD 500, GET 500, pause, HEAD 200.
        assert_eq!(server.count("HEAD", "/flaky"), 2);
        assert_eq!(server.count("GET", "/flaky"), 1);
        // HEAD 500, GET 200: the fallback answered, so no retry.
        assert_eq!(status(&report, &urls[1]), LinkStatus::Ok);
        assert_eq!(server.count("HEAD", "/head-500"), 1);
        assert_eq!(server.count("GET", "/head-500"), 1);
    }

    #[test]
    fn redirect_is_followed() {
        let server = TestServer::start();
        let urls = vec![server.url("/redirect")];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Ok);
        assert_eq!(server.count("HEAD", "/redirect"), 1);
        assert_eq!(server.count("HEAD", "/ok"), 1);
    }

    #[test]
    fn a_redirect_to_a_file_is_reported_as_such() {
        let server = TestServer::start();
        let urls = vec![server.url("/to-file")];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(
            status(&report, &urls[0]),
            LinkStatus::Failed(
                "redirected to `file:///etc/passwd`, which is no web address".into()
            )
        );
    }

    #[test]
    fn links_not_requested_by_the_deadline_are_reported_as_not_checked() {
        let server = TestServer::start();
        let urls = vec![server.url("/sleep"), server.url("/ok")];
        let opts =
            ExternalOptions { concurrency: 1, deadline: Duration::from_millis(500), ..options() };
        let report = check_urls(&urls, &opts, &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Ok, "the request under way ends");
        assert_eq!(
            status(&report, &urls[1]),
            LinkStatus::Failed(
                "not checked: the run's deadline of 0 s passed (`check.external.deadline`)".into()
            )
        );
        assert_eq!(server.count("HEAD", "/ok"), 0);
    }

    #[test]
    fn requests_are_limited_per_host_and_port() {
        let host = |url: &str| match Target::parse(url) {
            Target::Http { host, .. } => host,
            Target::Final { .. } => panic!("{url} is requested"),
        };
        assert_eq!(host("http://Example.org/a"), "example.org:80");
        assert_eq!(host("https://example.org/a"), "example.org:443");
        assert_ne!(host("http://127.0.0.1:8001/"), host("http://127.0.0.1:8002/"));
    }

    #[test]
    fn slow_server_times_out() {
        let server = TestServer::start();
        let urls = vec![server.url("/sleep")];
        let opts = ExternalOptions { timeout: Duration::from_millis(300), ..options() };
        let report = check_urls(&urls, &opts, &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Failed("timed out".to_owned()));
        // Two attempts of 300 ms and a pause: far less than the 3 s the server sleeps.
        assert!(report.elapsed < Duration::from_secs(2), "took {:?}", report.elapsed);
        assert_eq!(server.count("HEAD", "/sleep"), 2);
        assert_eq!(report.broken, 1);
    }

    #[test]
    fn per_host_limit_is_respected() {
        let server = TestServer::start();
        let urls: Vec<String> = (0..10).map(|n| server.url(&format!("/slow-count/{n}"))).collect();
        let opts = ExternalOptions { per_host: 2, concurrency: 8, ..options() };
        let report = check_urls(&urls, &opts, &Unseen);
        assert!(report.results.values().all(LinkStatus::is_ok), "{:?}", report.results);
        let max = server.max_in_flight.load(Ordering::SeqCst);
        assert!(max <= 2, "{max} requests in flight at once");
        // Two slots and eight workers: the limit is reached, not avoided by running serially.
        assert_eq!(max, 2);
        assert_eq!(report.checked, 10);
    }

    #[test]
    fn duplicates_and_fragments_share_one_request() {
        let server = TestServer::start();
        let base = server.url("/ok");
        let mut urls = vec![base.clone(); 5];
        urls.push(format!("{base}#top"));
        urls.push(format!("{base}#section-2"));
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(server.count("HEAD", "/ok"), 1);
        assert_eq!(server.count("GET", "/ok"), 0);
        assert_eq!(report.results.len(), 3);
        for url in &urls {
            assert_eq!(status(&report, url), LinkStatus::Ok, "{url}");
        }
        assert_eq!((report.checked, report.broken), (1, 0));
    }

    #[test]
    fn refused_port_fails() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let urls = vec![format!("http://127.0.0.1:{port}/")];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Failed("connection refused".to_owned()));
        assert_eq!(report.broken, 1);
    }

    #[test]
    fn other_schemes_and_bad_urls_need_no_request() {
        let urls = vec![
            "mailto:board@example.org".to_owned(),
            "tel:+15550100".to_owned(),
            "http://".to_owned(),
        ];
        let report = check_urls(&urls, &options(), &Unseen);
        assert_eq!(status(&report, &urls[0]), LinkStatus::Ok);
        assert_eq!(status(&report, &urls[1]), LinkStatus::Ok);
        assert!(
            matches!(status(&report, &urls[2]), LinkStatus::Failed(reason) if reason.starts_with("invalid url"))
        );
        assert_eq!((report.checked, report.broken), (3, 1));
    }

    #[test]
    fn retry_after_is_capped() {
        let mut headers = ureq::http::HeaderMap::new();
        assert_eq!(retry_after(&headers), RETRY_PAUSE);
        headers.insert("retry-after", ureq::http::HeaderValue::from_static("1"));
        assert_eq!(retry_after(&headers), Duration::from_secs(1));
        headers.insert("retry-after", ureq::http::HeaderValue::from_static("120"));
        assert_eq!(retry_after(&headers), MAX_RETRY_PAUSE);
    }

    #[test]
    fn summary_line() {
        let report = ExternalReport {
            results: HashMap::new(),
            checked: 12,
            broken: 2,
            elapsed: Duration::from_millis(1400),
        };
        assert_eq!(report.summary(), "checked 12 external links in 1.4 s: 2 broken");
        let one = ExternalReport { checked: 1, broken: 0, ..report };
        assert_eq!(one.summary(), "checked 1 external link in 1.4 s: 0 broken");
    }
}
