package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"
)

// TestGzipAnswers: JSON answers of 1 KB or more are gzipped when the client
// accepts it, and decode to the same JSON as the plain answer; small answers
// and clients that do not accept gzip get plain JSON.
func TestGzipAnswers(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	tok := e.tok("admin")
	plain := e.do(req{path: "/api/sync/pull?limit=1000", token: tok, header: map[string]string{"Accept-Encoding": "identity"}})
	if plain.status != 200 || plain.header.Get("Content-Encoding") != "" {
		t.Fatalf("plain pull: %s %v", plain, plain.header)
	}
	if len(plain.body) < 1024 {
		t.Fatalf("the world is too small for this test: %d bytes", len(plain.body))
	}
	zipped := rawGet(t, e.ts.URL+"/api/sync/pull?limit=1000", tok, "gzip, deflate, br")
	if zipped.status != 200 || zipped.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip pull: %d %v", zipped.status, zipped.header)
	}
	if len(zipped.body) >= len(plain.body)/2 {
		t.Errorf("gzip answer %d bytes for %d plain", len(zipped.body), len(plain.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.body))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(plain.body, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("the gzipped pull differs from the plain one")
	}
	if got := zipped.header.Get("Vary"); got != "Accept-Encoding" {
		t.Errorf("Vary %q", got)
	}

	// Below 1 KB: plain, even when gzip is accepted.
	small := e.do(req{path: "/api/healthz", header: map[string]string{"Accept-Encoding": "gzip"}})
	if small.status != 200 || small.header.Get("Content-Encoding") != "" || small.j["status"] != "ok" {
		t.Errorf("healthz: %s %v", small, small.header)
	}
	// An error answer stays plain JSON.
	bad := e.do(req{path: "/api/sync/pull?limit=x", token: tok, header: map[string]string{"Accept-Encoding": "gzip"}})
	if bad.status != 400 || bad.header.Get("Content-Encoding") != "" || bad.code() != "invalid_value" {
		t.Errorf("bad pull: %s %v", bad, bad.header)
	}
}

// rawGet sends a GET with this Accept-Encoding and keeps the body as sent
// (Go's client decompresses only what it asked for itself).
func rawGet(t *testing.T, url, token, accept string) resp {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Accept-Encoding", accept)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// TestAcceptsGzip: q=0 refuses gzip; gzip or * accept it.
func TestAcceptsGzip(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	tok := e.tok("admin")
	for accept, want := range map[string]string{
		"gzip": "gzip", "br, gzip;q=0.5": "gzip", "*": "gzip", "gzip;q=0": "", "gzip; q=0.000": "", "br": "", "identity": "",
	} {
		r := rawGet(t, e.ts.URL+"/api/sync/pull?limit=1000", tok, accept)
		if got := r.header.Get("Content-Encoding"); got != want || r.status != 200 {
			t.Errorf("Accept-Encoding %q: %d Content-Encoding %q, want %q", accept, r.status, got, want)
		}
	}
}
