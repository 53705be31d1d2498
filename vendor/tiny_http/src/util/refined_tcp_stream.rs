use std::io::Result as IoResult;
use std::io::{Error as IoError, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::connection::Connection;
#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use crate::ssl::SslStream;

/// GOVWIKI: an accepted connection, shared by its reading and its writing half, which keep one
/// descriptor between them and hold one of the server's connection slots until both are gone.
pub(crate) struct Socket {
    connection: Connection,
    /// How long a read may wait between requests.
    idle: Option<Duration>,
    /// While a request's head is being read: when it must be complete.
    head_deadline: Mutex<Option<Instant>>,
    _slot: Option<Slot>,
}

impl Socket {
    pub(crate) fn new(connection: Connection, idle: Option<Duration>, slot: Option<Slot>) -> Self {
        Socket {
            connection,
            idle,
            head_deadline: Mutex::new(None),
            _slot: slot,
        }
    }

    /// Sets or clears the time by which the head being read must be complete.
    pub(crate) fn set_head_deadline(&self, deadline: Option<Instant>) {
        *self
            .head_deadline
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = deadline;
        if deadline.is_none() {
            self.connection.set_read_timeout(self.idle).ok();
        }
    }

    /// Reads as the connection does, but no later than the head's deadline, so that a head
    /// trickled in a byte at a time cannot hold the connection longer than that.
    fn read(&self, buf: &mut [u8]) -> IoResult<usize> {
        let deadline = *self
            .head_deadline
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(IoError::new(ErrorKind::TimedOut, "request head too slow"));
            }
            let wait = self.idle.map_or(left, |idle| idle.min(left));
            self.connection.set_read_timeout(Some(wait))?;
        }
        // A read timeout is `WouldBlock` on Unix and `TimedOut` on Windows.
        (&mut &self.connection).read(buf).map_err(|error| match error.kind() {
            ErrorKind::WouldBlock => IoError::new(ErrorKind::TimedOut, error),
            _ => error,
        })
    }
}

/// GOVWIKI: one of the connections a server may hold open at once (`Limits::max_connections`).
pub(crate) struct Slot(Arc<Gate>);

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.0.open.lock().unwrap_or_else(PoisonError::into_inner);
        *open -= 1;
        self.0.freed.notify_one();
    }
}

/// GOVWIKI: counts the open connections, so that the accept loop waits for one to close
/// rather than take a connection for which no descriptor or thread may be left.
pub(crate) struct Gate {
    open: Mutex<usize>,
    freed: std::sync::Condvar,
    max: usize,
}

impl Gate {
    pub(crate) fn new(max: usize) -> Arc<Gate> {
        Arc::new(Gate {
            open: Mutex::new(0),
            freed: std::sync::Condvar::new(),
            max: max.max(1),
        })
    }

    /// A slot, once one is free; `None` when none was freed within `timeout`.
    pub(crate) fn enter(self: &Arc<Self>, timeout: Duration) -> Option<Slot> {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut open, _) = self
            .freed
            .wait_timeout_while(open, timeout, |open| *open >= self.max)
            .unwrap_or_else(PoisonError::into_inner);
        if *open >= self.max {
            return None;
        }
        *open += 1;
        Some(Slot(Arc::clone(self)))
    }
}

pub(crate) enum Stream {
    Http(Arc<Socket>),
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    Https(SslStream),
}

impl Clone for Stream {
    fn clone(&self) -> Self {
        match self {
            Stream::Http(socket) => Stream::Http(Arc::clone(socket)),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => Stream::Https(ssl_stream.clone()),
        }
    }
}

impl From<Socket> for Stream {
    fn from(socket: Socket) -> Self {
        Stream::Http(Arc::new(socket))
    }
}

impl Stream {
    fn secure(&self) -> bool {
        match self {
            Stream::Http(_) => false,
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => true,
        }
    }

    fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        match self {
            Stream::Http(socket) => socket.connection.peer_addr(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.peer_addr(),
        }
    }

    fn shutdown(&mut self, how: Shutdown) -> IoResult<()> {
        match self {
            Stream::Http(socket) => socket.connection.shutdown(how),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.shutdown(how),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        match self {
            Stream::Http(socket) => socket.read(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        match self {
            Stream::Http(socket) => (&mut &socket.connection).write(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.write(buf),
        }
    }

    fn flush(&mut self) -> IoResult<()> {
        match self {
            Stream::Http(socket) => (&mut &socket.connection).flush(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.flush(),
        }
    }
}

pub struct RefinedTcpStream {
    stream: Stream,
    close_read: bool,
    close_write: bool,
}

impl RefinedTcpStream {
    pub(crate) fn new<S>(stream: S) -> (RefinedTcpStream, RefinedTcpStream)
    where
        S: Into<Stream>,
    {
        let stream: Stream = stream.into();

        let (read, write) = (stream.clone(), stream);

        let read = RefinedTcpStream {
            stream: read,
            close_read: true,
            close_write: false,
        };

        let write = RefinedTcpStream {
            stream: write,
            close_read: false,
            close_write: true,
        };

        (read, write)
    }

    /// Returns true if this struct wraps around a secure connection.
    #[inline]
    pub(crate) fn secure(&self) -> bool {
        self.stream.secure()
    }

    pub(crate) fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        self.stream.peer_addr()
    }

    /// GOVWIKI: the shared socket, through which a head's deadline is set.
    pub(crate) fn socket(&self) -> Option<Arc<Socket>> {
        match &self.stream {
            Stream::Http(socket) => Some(Arc::clone(socket)),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => None,
        }
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        self.stream.read(buf)
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> IoResult<()> {
        self.stream.flush()
    }
}
