package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// gzipMinBytes is the smallest answer worth compressing: below ~1 KB the
// gzip header and the CPU cost outweigh the bytes saved.
const gzipMinBytes = 1024

// Level 1 (BestSpeed): on a phone link the bytes matter, on a two-core
// server the CPU does too, and higher levels gain little on this JSON (a
// first pull is mostly repeated keys and shrinks about tenfold anyway).
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// compressAnswers gzips answers of at least gzipMinBytes when the client
// accepts gzip (browsers, and so the PWA's fetch, always do). The first
// gzipMinBytes are held back until it is known which side of the limit the
// answer falls on.
func compressAnswers(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if skipGzip(c) {
			return next(c)
		}
		res := c.Response()
		res.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
			return next(c)
		}
		gw := &gzipWriter{ResponseWriter: res.Writer}
		res.Writer = gw
		defer func() {
			gw.finish()
			res.Writer = gw.ResponseWriter
		}()
		return next(c)
	}
}

// acceptsGzip reads Accept-Encoding: gzip (or *) listed without q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if q == "q=0" || strings.HasPrefix(q, "q=0.0") && strings.Trim(q[4:], "0") == "" {
			return false
		}
		return true
	}
	return false
}

// skipGzip leaves alone range requests (a compressed partial answer would not
// match its Content-Range) and files that are compressed already.
func skipGzip(c echo.Context) bool {
	r := c.Request()
	if r.Method == http.MethodHead || r.Header.Get("Range") != "" || c.QueryParam("format") == "xlsx" {
		return true
	}
	switch strings.ToLower(path.Ext(r.URL.Path)) {
	case ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".woff", ".woff2", ".xlsx", ".zip", ".gz":
		return true
	}
	return false
}

// gzipWriter holds back the status and the first bytes, then either
// compresses (gzipMinBytes reached) or writes them plainly (finish).
type gzipWriter struct {
	http.ResponseWriter
	status  int
	buf     bytes.Buffer
	zw      *gzip.Writer
	decided bool // header sent
}

func (w *gzipWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.zw != nil {
		return w.zw.Write(b)
	}
	if w.decided {
		return w.ResponseWriter.Write(b)
	}
	w.buf.Write(b)
	if w.buf.Len() < gzipMinBytes {
		return len(b), nil
	}
	h := w.Header()
	if h.Get("Content-Encoding") != "" || w.status == http.StatusNoContent || w.status == http.StatusNotModified {
		w.sendPlain()
		return len(b), nil
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", http.DetectContentType(w.buf.Bytes()))
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	w.decided = true
	w.ResponseWriter.WriteHeader(w.status)
	w.zw = gzipWriters.Get().(*gzip.Writer)
	w.zw.Reset(w.ResponseWriter)
	if _, err := w.zw.Write(w.buf.Bytes()); err != nil {
		return 0, err
	}
	w.buf.Reset()
	return len(b), nil
}

// sendPlain sends the held-back status and bytes unchanged.
func (w *gzipWriter) sendPlain() {
	w.decided = true
	if w.status != 0 {
		w.ResponseWriter.WriteHeader(w.status)
	}
	if w.buf.Len() > 0 {
		_, _ = w.ResponseWriter.Write(w.buf.Bytes())
		w.buf.Reset()
	}
}

// finish ends the answer: closes the gzip stream or flushes what was held.
func (w *gzipWriter) finish() {
	if w.zw != nil {
		_ = w.zw.Close()
		w.zw.Reset(nil)
		gzipWriters.Put(w.zw)
		w.zw = nil
		return
	}
	if !w.decided && (w.status != 0 || w.buf.Len() > 0) {
		w.sendPlain()
	}
}

// Flush sends what is buffered (streaming answers).
func (w *gzipWriter) Flush() {
	if w.zw != nil {
		_ = w.zw.Flush()
	} else if !w.decided {
		w.sendPlain()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack passes through (nothing here upgrades, but echo's writer allows it).
func (w *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
