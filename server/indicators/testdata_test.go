package indicators

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/commune.json from mainFixture")

// fileRow is a Row as testdata/commune.json stores it (the reports tests read
// the same file).
type fileRow struct {
	Entity  string            `json:"entity"`
	ID      string            `json:"id"`
	Fields  map[string]any    `json:"fields"`
	Stamps  map[string]string `json:"stamps"`
	Deleted bool              `json:"deleted,omitempty"`
}

// TestFixtureFile keeps testdata/commune.json equal to mainFixture, and checks
// that the rows read back from JSON give the same answer.
func TestFixtureFile(t *testing.T) {
	rows := mainFixture()
	var out []fileRow
	for _, r := range rows {
		out = append(out, fileRow(r))
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile("testdata/commune.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, err := os.ReadFile("testdata/commune.json")
	if err != nil || !bytes.Equal(old, b) {
		t.Fatalf("testdata/commune.json is out of date (go test -run TestFixtureFile -update): %v", err)
	}
	var back []fileRow
	if err := json.Unmarshal(old, &back); err != nil {
		t.Fatal(err)
	}
	rows2 := make([]Row, len(back))
	for i, r := range back {
		rows2[i] = Row(r)
	}
	q := Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"}
	a1, _ := Compute(rows, q)
	a2, _ := Compute(rows2, q)
	j1, _ := json.Marshal(a1)
	j2, _ := json.Marshal(a2)
	if !bytes.Equal(j1, j2) {
		t.Fatalf("JSON rows give another answer:\n%s\n%s", j1, j2)
	}
	// The answer, for readers and for the PWA's dashboard tests (its figures
	// are checked by hand in TestMainFixture).
	ans, _ := json.MarshalIndent(a1, "", " ")
	ans = append(ans, '\n')
	if *update {
		if err := os.WriteFile("testdata/commune.answer.json", ans, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if old, err := os.ReadFile("testdata/commune.answer.json"); err != nil || !bytes.Equal(old, ans) {
		t.Fatalf("testdata/commune.answer.json is out of date (go test -run TestFixtureFile -update): %v", err)
	}
}
