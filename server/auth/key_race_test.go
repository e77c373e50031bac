package auth

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestKeyCreatedOnceByServersStartingTogether: servers of one PostgreSQL
// database that start at the same moment on one new data folder all end
// with the same key (a token of one is accepted by the others), and no
// temporary file is left.
func TestKeyCreatedOnceByServersStartingTogether(t *testing.T) {
	for round := range 20 {
		dir := filepath.Join(t.TempDir(), "data") // not yet created
		const n = 8
		keys := make([]*Keys, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { keys[i], errs[i] = LoadOrCreateKey(dir) })
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d: server %d: %v", round, i, errs[i])
			}
			if !bytes.Equal(keys[i].secret, keys[0].secret) {
				t.Fatalf("round %d: server %d holds another key than server 0", round, i)
			}
		}
		onDisk, err := os.ReadFile(filepath.Join(dir, "jwt.key"))
		if err != nil || !bytes.Equal(onDisk, keys[0].secret) {
			t.Fatalf("round %d: the key on disk is not the one in use (%v)", round, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Fatalf("round %d: %d files in the data folder, want only jwt.key", round, len(entries))
		}
	}
}
