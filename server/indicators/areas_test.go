package indicators

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"clb/schema"
)

// TestAreasFromSchema: the areas of full activity are meeting.areas' values
// in schema/entities.json, whatever they are.
func TestAreasFromSchema(t *testing.T) {
	b, err := os.ReadFile("../../schema/entities.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := areasOf(s)
	if err != nil || len(got) != 8 || !slices.Equal(got, allAreas) {
		t.Fatalf("areas %v %v; allAreas %v", got, err, allAreas)
	}
	// Another list in the file: another list here.
	re := regexp.MustCompile(`("name": "areas",[^\]]*"values": \[)[^\]]*\]`)
	if !re.Match(b) {
		t.Fatal("meeting.areas not found in entities.json")
	}
	s, err = schema.Parse(re.ReplaceAll(b, []byte(`$1 "health", "culture"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := areasOf(s); err != nil || !slices.Equal(got, []string{"health", "culture"}) {
		t.Fatalf("edited schema: %v %v", got, err)
	}
}
