package changes_test

import (
	"fmt"
	"testing"

	changes "clb/sync"
)

// FuzzParseHLC: any string either fails to parse or parses into parts that
// print back to exactly the same HLC; nothing panics.
func FuzzParseHLC(f *testing.F) {
	for _, s := range []string{"1772420400000-0000-d", "1772420400000-ffff-" + string(make([]byte, 64)), "0000000000000-0000-a-b-c",
		"1772420400000-00G0-d", "177242040000-0000-d", "1772420400000-0000-", "1772420400000-0000-Dev", "\u0661772420400000-0000-d",
		"1772420400000-0000-d\n", "9999999999999-ffff-zzzz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := changes.ParseHLC(s)
		if err != nil {
			return
		}
		if back := fmt.Sprintf("%013d-%04x-%s", h.WallMS, h.Counter, h.Device); back != s {
			t.Fatalf("ParseHLC(%q) = %+v, prints back as %q", s, h, back)
		}
		if h.WallMS < 0 || h.Counter < 0 || h.Counter > 0xffff || h.Device == "" || len(h.Device) > 64 {
			t.Fatalf("ParseHLC(%q) = %+v out of range", s, h)
		}
	})
}
