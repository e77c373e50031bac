package api

import "testing"

// FuzzCursor: parseCursor never panics; what it accepts prints back to a
// cursor that parses to the same position.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"0", "", cursor{User: "u", Epoch: 1, Seq: 2}.String(), "MXx1fDF8Mg", "MXx1fDF8LTE", "%zz", "MXx8fA",
		cursor{User: "a|b", Epoch: -1, Seq: 9223372036854775807}.String(), "AAAA", "MXx1fDF8Mg=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseCursor(s)
		if !ok {
			return
		}
		if c.Seq < 0 {
			t.Fatalf("parseCursor(%q) = %+v: negative seq", s, c)
		}
		back, ok := parseCursor(c.String())
		if !ok || back != c {
			t.Fatalf("parseCursor(%q) = %+v; its String %q parses to %+v, %v", s, c, c.String(), back, ok)
		}
	})
}
