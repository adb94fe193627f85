"""A TCP proxy that records the head of each HTTP request it forwards, byte for byte, so a test can check what
a producer really sent (header names and their case, order, values, the signature) and not only that the
server accepted it. Everything else passes through untouched, both ways, as it arrives: 100 Continue,
chunked bodies, acknowledgements streamed back while the upload goes on.

    proxy = RecordingProxy()                # listens on a free loopback port: proxy.url
    proxy.forward_to("http://127.0.0.1:PORT")
    ... point the producer at proxy.url ...
    proxy.requests("/putMedia")             # [RecordedRequest(method, path, headers, raw), ...]
    proxy.close()

Only the first request of each connection is recorded: the producers here open a connection per call.
Run as a script to watch a producer: `python3 interop/recording_proxy.py UPSTREAM_URL` prints each head.
"""
import socket
import sys
import threading
import urllib.parse
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: tuple  # (name, value) pairs in the order and case sent
    raw: bytes  # the request line and headers, up to and including the empty line
    body: bytes  # the body of a small request with a Content-Length (a control-plane call), else b""

    def header(self, name):
        """The first value of a header (any case), or None."""
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    def names(self):
        return [n for n, _ in self.headers]

    def signed_headers(self):
        """The SignedHeaders list of the Authorization header, as a list."""
        authorization = self.header("Authorization") or ""
        for part in authorization.split(","):
            part = part.strip()
            if part.startswith("SignedHeaders="):
                return part[len("SignedHeaders="):].split(";")
        return []


class RecordingProxy:
    def __init__(self):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._upstream = None
        self._recorded = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, name="recording-proxy", daemon=True).start()

    def forward_to(self, upstream_url):
        url = urllib.parse.urlsplit(upstream_url)
        self._upstream = (url.hostname, url.port)

    def requests(self, path=None):
        with self._lock:
            return [r for r in self._recorded if path is None or urllib.parse.urlsplit(r.path).path == path]

    def close(self):
        self._closed = True
        self._server.close()

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                data = client.recv(65536)
                if not data:
                    client.close()
                    return
                head += data
            end = head.index(b"\r\n\r\n") + 4
            length = _small_body_length(head[:end])
            while len(head) < end + length:
                data = client.recv(65536)
                if not data:
                    break
                head += data
            self._record(head[:end], head[end:end + length])
            upstream = socket.create_connection(self._upstream)
        except OSError:
            client.close()
            return
        upstream.sendall(head)
        threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
        _pipe(client, upstream)

    def _record(self, raw, body):
        method, target, headers = _parse_head(raw)
        with self._lock:
            self._recorded.append(RecordedRequest(method, target, headers, raw, body))
        if __name__ == "__main__":
            print((raw + body).decode("latin-1"), flush=True)


def _parse_head(raw):
    lines = raw.decode("latin-1").split("\r\n")
    method, target = lines[0].split(" ")[:2]
    return method, target, tuple((n, v.strip()) for n, _, v in (line.partition(":") for line in lines[1:] if line))


def _small_body_length(raw):
    """The Content-Length of a request whose body is sent at once and is small enough to keep; else 0 (a
    chunked upload, or one that waits for 100 Continue, is never held back here)."""
    headers = {n.lower(): v for n, v in _parse_head(raw)[2]}
    length = headers.get("content-length", "")
    if "expect" in headers or not length.isdigit() or int(length) > 65536:
        return 0
    return int(length)


def _pipe(source, target):
    """Copies one direction until its end, then half-closes the other side, as the sender did."""
    try:
        while True:
            data = source.recv(65536)
            if not data:
                target.shutdown(socket.SHUT_WR)
                return
            target.sendall(data)
    except OSError:  # reset on either side: end both directions
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: recording_proxy.py UPSTREAM_URL")
    proxy = RecordingProxy()
    proxy.forward_to(sys.argv[1])
    print(f"recording proxy at {proxy.url} -> {sys.argv[1]}", flush=True)
    threading.Event().wait()
