package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// TestDistIsFreshBuild checks that the committed pwa/dist (embedded in the
// server) is exactly what `npm run build` makes from the sources today.
// Without npm or pwa/node_modules it fails: `npm ci` is a set-up step
// (README), not a property of the machine.
func TestDistIsFreshBuild(t *testing.T) {
	root := repoRoot(t)
	pwa := filepath.Join(root, "pwa")
	npm, err := exec.LookPath("npm")
	if _, statErr := os.Stat(filepath.Join(pwa, "node_modules")); err != nil || statErr != nil {
		t.Fatalf("npm or pwa/node_modules missing: run `(cd pwa && npm ci) && go test ./...` (README): %v %v", err, statErr)
	}
	out := t.TempDir()
	cmd := exec.Command(npm, "run", "build", "--", "--outDir", out, "--emptyOutDir")
	cmd.Dir = pwa
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm run build: %v\n%s", err, b)
	}
	fresh := listFiles(t, out)
	committed := listFiles(t, filepath.Join(pwa, "dist"))
	for name := range fresh {
		if _, ok := committed[name]; !ok {
			t.Errorf("pwa/dist lacks %s: run `cd pwa && npm run build` and commit pwa/dist", name)
		}
	}
	for name, data := range committed {
		f, ok := fresh[name]
		switch {
		case !ok:
			t.Errorf("pwa/dist has %s, which a fresh build does not make", name)
		case !bytes.Equal(f, data):
			t.Errorf("pwa/dist/%s differs from a fresh build: run `cd pwa && npm run build` and commit pwa/dist", name)
		}
	}
}

func listFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatalf("%s is empty", dir)
	}
	return files
}
