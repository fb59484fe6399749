#!/usr/bin/env python3
"""Serves dist/ on 127.0.0.1 with the headers the app expects (wasm MIME type, CSP, no
third-party origins). Usage: serve.py [--port N] [--dir DIR]. Port 0 picks a free port;
the chosen address is printed on the first line as `serving http://127.0.0.1:PORT/`."""

import argparse
import functools
import http.server
import os
import sys

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; worker-src 'self'; "
       "manifest-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
    }

    # Precompressed copies written by scripts/build-web.sh, best first.
    ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

    def send_head(self):
        """Serves `file.br` or `file.gz` for `file` when the browser accepts it and the copy is
        not older than `file` (a file changed after the build is served as it is now)."""
        path = self.translate_path(self.path)
        accepted = self.headers.get("Accept-Encoding", "")
        if os.path.isfile(path):
            for encoding, suffix in self.ENCODINGS:
                if (
                    encoding in accepted
                    and os.path.isfile(path + suffix)
                    and os.path.getmtime(path + suffix) >= os.path.getmtime(path)
                ):
                    with open(path + suffix, "rb") as f:
                        body = f.read()
                    self.send_response(200)
                    self.send_header("Content-Type", self.guess_type(path))
                    self.send_header("Content-Encoding", encoding)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return _Body(body)
        return super().send_head()

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)


class _Body:
    """A file-like body for `copyfile`."""

    def __init__(self, data):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--dir", default="dist")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=args.dir)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        sys.exit(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}. "
                 f"Try another port: make run PORT=8081")
    server.verbose = not args.quiet
    print(f"serving http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
