package pwa

import (
	"os"
	"os/exec"
	"testing"
)

// TestVitest runs the PWA's unit tests (Vitest with fake-indexeddb: outbox,
// HLC, UUIDs, sync client, offline login, IndexedDB upgrades, schema-driven
// validation and the golden cases shared with the Go engine in sync/testdata),
// so that `go test ./...` runs every test of the project.
//
// Node and `npm ci` are set-up steps of the project (README: `(cd pwa && npm
// ci) && go test ./...`), not properties of the machine: without them this
// test fails rather than skipping the whole PWA suite.
func TestVitest(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("npm not found: install Node.js, then run `(cd pwa && npm ci) && go test ./...` (README): %v", err)
	}
	if _, err := os.Stat("node_modules"); err != nil {
		t.Fatalf("pwa/node_modules missing: run `(cd pwa && npm ci) && go test ./...` (README): %v", err)
	}
	cmd := exec.Command(npm, "test")
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("vitest failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
