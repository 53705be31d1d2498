use ascii::AsciiString;

use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::io::{BufReader, BufWriter, ErrorKind, Read};

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::{HTTPVersion, Method};
use crate::util::refined_tcp_stream::Socket;
use crate::util::RefinedTcpStream;
use crate::util::{SequentialReader, SequentialReaderBuilder, SequentialWriterBuilder};
use crate::Request;

/// A ClientConnection is an object that will store a socket to a client
/// and return Request objects.
pub struct ClientConnection {
    // address of the client
    remote_addr: IoResult<Option<SocketAddr>>,

    // sequence of Readers to the stream, so that the data is not read in
    //  the wrong order
    source: SequentialReaderBuilder<BufReader<RefinedTcpStream>>,

    // sequence of Writers to the stream, to avoid writing response #2 before
    //  response #1
    sink: SequentialWriterBuilder<BufWriter<RefinedTcpStream>>,

    // Reader to read the next header from
    next_header_source: SequentialReader<BufReader<RefinedTcpStream>>,

    // set to true if we know that the previous request is the last one
    no_more_requests: bool,

    // true if the connection goes through SSL
    secure: bool,

    // GOVWIKI: the socket, through which each head's deadline is set; and the limits of a
    // head (`crate::Limits`).
    socket: Option<Arc<Socket>>,
    max_head_bytes: usize,
    head_timeout: Option<Duration>,
}

/// GOVWIKI: what is left for the head being read.
struct HeadBudget {
    bytes_left: usize,
    started: bool,
}

/// Error that can happen when reading a request.
#[derive(Debug)]
enum ReadError {
    WrongRequestLine,
    WrongHeader(HTTPVersion),
    /// the client sent an unrecognized `Expect` header
    ExpectationFailed(HTTPVersion),
    /// GOVWIKI: the request line and headers are longer than `Limits::max_head_bytes`
    HeadTooLarge,
    /// GOVWIKI: the connection timed out; `started` when part of a head had arrived
    TimedOut { started: bool },
    ReadIoError(IoError),
}

impl ReadError {
    fn from_io(error: IoError, budget: &HeadBudget) -> ReadError {
        if error.kind() == ErrorKind::TimedOut {
            ReadError::TimedOut {
                started: budget.started,
            }
        } else {
            ReadError::ReadIoError(error)
        }
    }
}

/// GOVWIKI: how long, and for how many bytes at most, a connection that is closed after an
/// error answer is read and discarded first. Closing a socket with unread data makes the
/// kernel reset the connection, and the client may then lose the answer it has not read yet.
const LINGER: (Duration, u64) = (Duration::from_secs(1), 1 << 20);

impl ClientConnection {
    /// Creates a new `ClientConnection` that takes ownership of the `TcpStream`.
    pub fn new(
        write_socket: RefinedTcpStream,
        mut read_socket: RefinedTcpStream,
        limits: &crate::Limits,
    ) -> ClientConnection {
        let remote_addr = read_socket.peer_addr();
        let secure = read_socket.secure();
        let socket = read_socket.socket();

        let mut source = SequentialReaderBuilder::new(BufReader::with_capacity(1024, read_socket));
        let first_header = source.next().unwrap();

        ClientConnection {
            source,
            sink: SequentialWriterBuilder::new(BufWriter::with_capacity(1024, write_socket)),
            remote_addr,
            next_header_source: first_header,
            no_more_requests: false,
            secure,
            socket,
            max_head_bytes: limits.max_head_bytes,
            head_timeout: limits.head_timeout,
        }
    }

    /// GOVWIKI: sets or clears the time by which the head being read must be complete.
    fn set_head_deadline(&self, deadline: Option<Instant>) {
        if let Some(socket) = &self.socket {
            socket.set_head_deadline(deadline);
        }
    }

    /// GOVWIKI: answers with `status` and makes the connection's end clean: the client's
    /// unread bytes are read and discarded for a moment after the answer (`LINGER`).
    fn refuse(&mut self, status: u16, version: HTTPVersion) {
        let writer = self.sink.next().unwrap();
        self.refuse_on(writer, status, version);
    }

    /// GOVWIKI: `refuse`, on the writer of a request already read.
    fn refuse_on<W: std::io::Write>(&mut self, writer: W, status: u16, version: HTTPVersion) {
        use crate::{Header, Response, StatusCode};

        let mut response = Response::new_empty(StatusCode(status));
        if let Ok(close) = Header::from_bytes(&b"Connection"[..], &b"close"[..]) {
            response.add_header(close);
        }
        response.raw_print(writer, version, &[], false, None).ok();
        if self.socket.is_some() {
            self.set_head_deadline(Some(Instant::now() + LINGER.0));
            let mut rest = self.next_header_source.by_ref().take(LINGER.1);
            std::io::copy(&mut rest, &mut std::io::sink()).ok();
        }
    }

    /// true if the connection is HTTPS
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Reads the next line from self.next_header_source.
    ///
    /// Reads until `LF` is reached, and drops a `CR` before it: RFC 9112 lets a server take a
    /// bare `LF` as a line's end (GOVWIKI: tiny_http waited for a `CRLF` that never came).
    /// The next read will start at the first byte of the new line. GOVWIKI: at most
    /// `budget.bytes_left` bytes are read; the head's deadline starts with its first byte.
    fn read_next_line(&mut self, budget: &mut HeadBudget) -> Result<AsciiString, ReadError> {
        let mut buf = Vec::new();

        loop {
            let byte = self.next_header_source.by_ref().bytes().next();

            let byte = match byte {
                Some(b) => b.map_err(|error| ReadError::from_io(error, budget))?,
                None => {
                    return Err(ReadError::ReadIoError(IoError::new(
                        ErrorKind::ConnectionAborted,
                        "Unexpected EOF",
                    )))
                }
            };

            if budget.bytes_left == 0 {
                return Err(ReadError::HeadTooLarge);
            }
            budget.bytes_left -= 1;
            if !budget.started {
                budget.started = true;
                if let Some(timeout) = self.head_timeout {
                    self.set_head_deadline(Some(Instant::now() + timeout));
                }
            }

            if byte == b'\n' {
                if buf.last() == Some(&b'\r') {
                    buf.pop(); // removing the '\r'
                }
                return AsciiString::from_ascii(buf).map_err(|_| {
                    ReadError::ReadIoError(IoError::new(
                        ErrorKind::InvalidInput,
                        "Header is not in ASCII",
                    ))
                });
            }

            buf.push(byte);
        }
    }

    /// GOVWIKI: reads a request line and its headers, within `budget`.
    #[allow(clippy::type_complexity)]
    fn read_head(
        &mut self,
        budget: &mut HeadBudget,
    ) -> Result<(Method, String, HTTPVersion, Vec<crate::Header>), ReadError> {
        // reading the request line
        let (method, path, version) = {
            let line = self.read_next_line(budget)?;

            parse_request_line(
                line.as_str().trim(), // TODO: remove this conversion
            )?
        };

        // getting all headers
        let mut headers = Vec::new();
        loop {
            let line = self.read_next_line(budget)?;

            if line.is_empty() {
                break;
            };
            headers.push(match FromStr::from_str(line.as_str().trim()) {
                // TODO: remove this conversion
                Ok(h) => h,
                _ => return Err(ReadError::WrongHeader(version)),
            });
        }

        Ok((method, path, version, headers))
    }

    /// Reads a request from the stream.
    /// Blocks until the header has been read.
    fn read(&mut self) -> Result<Request, ReadError> {
        let mut budget = HeadBudget {
            bytes_left: self.max_head_bytes,
            started: false,
        };
        let head = self.read_head(&mut budget);
        self.set_head_deadline(None);
        let (method, path, version, headers) = head?;

        // building the writer for the request
        let writer = self.sink.next().unwrap();

        // follow-up for next potential request
        let mut data_source = self.source.next().unwrap();
        std::mem::swap(&mut self.next_header_source, &mut data_source);

        // building the next reader
        let request = crate::request::new_request(
            self.secure,
            method,
            path,
            version.clone(),
            headers,
            // GOVWIKI: a client gone before its address was asked is no reason to panic.
            self.remote_addr.as_ref().ok().copied().flatten(),
            data_source,
            writer,
        )
        .map_err(|e| {
            use crate::request;
            match e {
                request::RequestCreationError::CreationIoError(e) => ReadError::ReadIoError(e),
                request::RequestCreationError::ExpectationFailed => {
                    ReadError::ExpectationFailed(version)
                }
                // GOVWIKI: answered with 400, and the connection closed, as a bad header is.
                request::RequestCreationError::BadFraming => ReadError::WrongHeader(version),
            }
        })?;

        // return the request
        Ok(request)
    }
}

impl Iterator for ClientConnection {
    type Item = Request;

    /// Blocks until the next Request is available.
    /// Returns None when no new Requests will come from the client.
    fn next(&mut self) -> Option<Request> {
        use crate::{Response, StatusCode};

        // the client sent a "connection: close" header in this previous request
        //  or is using HTTP 1.0, meaning that no new request will come
        if self.no_more_requests {
            return None;
        }

        loop {
            let rq = match self.read() {
                // GOVWIKI: every answer that ends the connection goes through `refuse`.
                Err(ReadError::WrongRequestLine) => {
                    // we don't know where the next request would start, so we have to close
                    self.refuse(400, HTTPVersion(1, 1));
                    return None;
                }

                Err(ReadError::WrongHeader(ver)) => {
                    self.refuse(400, ver);
                    return None;
                }

                Err(ReadError::HeadTooLarge) => {
                    self.refuse(431, HTTPVersion(1, 1));
                    return None;
                }

                // A connection idle between requests is closed without a word; a head that
                // stopped arriving gets 408.
                Err(ReadError::TimedOut { started: false }) => return None,
                Err(ReadError::TimedOut { started: true }) => {
                    self.refuse(408, HTTPVersion(1, 1));
                    return None;
                }

                Err(ReadError::ExpectationFailed(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(417));
                    response.raw_print(writer, ver, &[], true, None).ok();
                    return None; // TODO: should be recoverable, but needs handling in case of body
                }

                Err(ReadError::ReadIoError(_)) => return None,

                Ok(rq) => rq,
            };

            // checking HTTP version
            // GOVWIKI: the answer goes on the request's own writer, and the connection is
            // closed: tiny_http wrote it on the next writer, which waits for the request's,
            // and so never came (HTTP/2's preface `PRI * HTTP/2.0` stalled the connection).
            if *rq.http_version() > (1, 1) {
                let writer = rq.into_writer();
                self.refuse_on(writer, 505, HTTPVersion(1, 1));
                return None;
            }

            // updating the status of the connection
            let connection_header = rq
                .headers()
                .iter()
                .find(|h| h.field.equiv("Connection"))
                .map(|h| h.value.as_str());

            let lowercase = connection_header.map(|h| h.to_ascii_lowercase());

            match lowercase {
                Some(ref val) if val.contains("close") => self.no_more_requests = true,
                Some(ref val) if val.contains("upgrade") => self.no_more_requests = true,
                Some(ref val)
                    if !val.contains("keep-alive") && *rq.http_version() == HTTPVersion(1, 0) =>
                {
                    self.no_more_requests = true
                }
                None if *rq.http_version() == HTTPVersion(1, 0) => self.no_more_requests = true,
                _ => (),
            };

            // returning the request
            return Some(rq);
        }
    }
}

/// Parses a "HTTP/1.1" string.
fn parse_http_version(version: &str) -> Result<HTTPVersion, ReadError> {
    let (major, minor) = match version {
        "HTTP/0.9" => (0, 9),
        "HTTP/1.0" => (1, 0),
        "HTTP/1.1" => (1, 1),
        "HTTP/2.0" => (2, 0),
        "HTTP/3.0" => (3, 0),
        _ => return Err(ReadError::WrongRequestLine),
    };

    Ok(HTTPVersion(major, minor))
}

/// Parses the request line of the request.
/// eg. GET / HTTP/1.1
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let mut parts = line.split(' ');

    let method = parts.next().and_then(|w| w.parse().ok());
    let path = parts.next().map(ToOwned::to_owned);
    let version = parts.next().and_then(|w| parse_http_version(w).ok());

    method
        .and_then(|method| Some((method, path?, version?)))
        .ok_or(ReadError::WrongRequestLine)
}

#[cfg(test)]
mod test {
    #[test]
    fn test_parse_request_line() {
        let (method, path, ver) = super::parse_request_line("GET /hello HTTP/1.1").unwrap();

        assert!(method == crate::Method::Get);
        assert!(path == "/hello");
        assert!(ver == crate::common::HTTPVersion(1, 1));

        assert!(super::parse_request_line("GET /hello").is_err());
        assert!(super::parse_request_line("qsd qsd qsd").is_err());
    }
}
