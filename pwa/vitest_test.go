package pwa

import (
	"os"
	"os/exec"
	"testing"
)

// TestVitest runs the PWA's unit tests (Vitest with fake-indexeddb: outbox,
// HLC, UUIDs, sync client, offline login, schema-driven validation and the
// golden cases shared with the Go engine in sync/testdata), so that
// `go test ./...` runs every test of the project.
func TestVitest(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if _, statErr := os.Stat("node_modules"); err != nil || statErr != nil {
		if os.Getenv("E2E_REQUIRED") == "1" {
			t.Fatalf("npm or pwa/node_modules missing (run `cd pwa && npm ci`): %v %v", err, statErr)
		}
		t.Skip("npm or pwa/node_modules missing: run `cd pwa && npm ci` (machine-level: no Node here)")
	}
	cmd := exec.Command(npm, "test")
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("vitest failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
