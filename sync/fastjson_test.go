package changes

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"regexp"
	"testing"
)

// The hand-written checks and encoders must agree with the regular
// expressions and encoding/json they replace, on chosen edge cases and on
// random inputs.

var (
	refUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	refHLC  = regexp.MustCompile(`^[0-9]{13}-[0-9a-f]{4}-[0-9a-z-]{1,64}$`)
	refDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

func randText(r *rand.Rand, alphabet []string, max int) string {
	n := r.IntN(max + 1)
	s := ""
	for range n {
		s += alphabet[r.IntN(len(alphabet))]
	}
	return s
}

func TestFastChecksMatchPatterns(t *testing.T) {
	cases := []string{"", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "0190A3C4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6bb",
		"0190a3c45b6d-7e8f-9a0b-1c2d3e4f5a6b-", "1767225600000-0000-a", "1767225600000-0000-", "1767225600000-000g-a", "1767225600000-0000-A",
		"1767225600000-0000-" + string(make([]byte, 64)), "2026-01-01", "2026-1-01", "2026-01-0x", "2026/01/01"}
	alphabet := []string{"0", "1", "9", "a", "f", "g", "z", "A", "-", "_", "é", " "}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		cases = append(cases, randText(r, alphabet, 40))
		// Near-misses of each shape.
		b := []byte("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b")
		b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))][0]
		cases = append(cases, string(b))
		h := []byte("1767225600000-00af-dev-" + randText(r, []string{"a", "0", "-", "Z"}, 70))
		h[r.IntN(len(h))] = alphabet[r.IntN(len(alphabet))][0]
		cases = append(cases, string(h))
		d := []byte("2026-03-02")
		d[r.IntN(len(d))] = alphabet[r.IntN(len(alphabet))][0]
		cases = append(cases, string(d))
	}
	for _, s := range cases {
		if isUUID(s) != refUUID.MatchString(s) {
			t.Errorf("isUUID(%q) = %v", s, isUUID(s))
		}
		if isHLC(s) != refHLC.MatchString(s) {
			t.Errorf("isHLC(%q) = %v", s, isHLC(s))
		}
		if isDateShape(s) != refDate.MatchString(s) {
			t.Errorf("isDateShape(%q) = %v", s, isDateShape(s))
		}
	}
}

func TestAppendMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "Nguyễn Thị Hoa", "a\"b", `a\b`, "<b>&", "tab\there", "\x00\x1f", "line\u2028sep\u2029", "bad\xffutf8", "ổn định", "\x7f"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "Đ", "ệ", "\"", "\\", "<", "&", "\n", "\u2028", "\xff", "\xe1\xba", " ", "😀"}
	for range 5000 {
		strs = append(strs, randText(r, alphabet, 12))
	}
	for _, s := range strs {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
	values := []any{nil, "x", true, false, int64(0), int64(-42), int64(1) << 53, 0.5, 1.25e-7, 3e21, math.Copysign(0, -1), 120.5, 1e20,
		[]string{}, []string{"a", "<b>"}, []string(nil), json.Number("12"), json.Number("1.5"), []any{"x", "y"}}
	for i := range values {
		m := map[string]any{"zeta": values[i], "alpha": values[(i+1)%len(values)], "Mid<": values[(i+2)%len(values)]}
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendFields(nil, m)
		if err != nil || string(got) != string(want) {
			t.Errorf("AppendFields(%v) = %s, %v; want %s", m, got, err, want)
		}
	}
	for _, n := range []string{"0", "-0", "12", "1.5", "-1.5e+10", "1E3", "0.0"} {
		if !IsJSONNumber(n) {
			t.Errorf("IsJSONNumber(%q) = false", n)
		}
	}
	for _, n := range []string{"", "NaN", "Inf", "01", "1.", ".5", "1e", "+1", "--1", "1.5x"} {
		if _, err := AppendFields(nil, map[string]any{"n": json.Number(n)}); err == nil {
			t.Errorf("the bad json.Number %q was encoded", n)
		}
	}
}

func TestStampsRoundTrip(t *testing.T) {
	m := map[string]Stamp{"full_name": {"1767225600000-0000-dev", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b"}, "sex": {"1767225600001-0001-b", "x"}}
	b := AppendStamps(nil, m)
	want, _ := json.Marshal(m)
	if string(b) != string(want) {
		t.Fatalf("AppendStamps = %s, want %s", b, want)
	}
	for _, s := range []string{string(b), "{}", ` { "a" : ["h","i"] }`, `{"a":["h\u0041","i"]}`} {
		got, err := ParseStamps(s)
		var ref map[string]Stamp
		refErr := json.Unmarshal([]byte(s), &ref)
		if err != nil || refErr != nil || len(got) != len(ref) {
			t.Fatalf("ParseStamps(%s) = %v, %v; encoding/json %v, %v", s, got, err, ref, refErr)
		}
		for k, v := range ref {
			if got[k] != v {
				t.Errorf("ParseStamps(%s)[%s] = %v, want %v", s, k, got[k], v)
			}
		}
	}
	for _, bad := range []string{"", "{", `{"a":["h","i"],}`, `{"a":["h","i"]}x`, "[]"} {
		if _, err := ParseStamps(bad); err == nil {
			t.Errorf("ParseStamps(%q) accepted", bad)
		}
	}
}

func TestSameValue(t *testing.T) {
	vals := []any{nil, "a", "b", "", true, false, int64(1), int64(2), 1.0, 1.5, []string{"a"}, []string{"a", "b"}, []string{}}
	stored := []any{nil, "a", "", true, false, json.Number("1"), json.Number("2"), json.Number("1.5"), json.Number("1.0"), []any{"a"}, []any{"a", "b"}, []any{}}
	for _, a := range vals {
		for _, b := range stored {
			want := Canonical(a) == Canonical(normalizeStored(b))
			if got := sameValue(a, b); got != want {
				t.Errorf("sameValue(%#v, %#v) = %v, want %v", a, b, got, want)
			}
		}
	}
}

func TestSplitObjectMatchesUnmarshal(t *testing.T) {
	cases := []string{`{}`, ` { } `, `{"a":1}`, `{"a" : "x\"y" , "b":[1,{"c":"]"}],"d":null,"e":true,"f":-1.5e3}`,
		`{"a":{"b":{"c":[]}},"z":"}"}`, "{\n\t\"k\":\"Nguyễn\"\r\n}", `{"a":1,"a":2}`, `{"a\u0041":1}`, `{"a":"\\"}`}
	r := rand.New(rand.NewPCG(5, 6))
	gen := func(depth int) any { return nil }
	gen = func(depth int) any {
		switch r.IntN(7) {
		case 0:
			return r.IntN(1000) - 500
		case 1:
			return randText(r, []string{"a", "\"", "\\", "}", "]", ",", "ệ", " "}, 6)
		case 2:
			return r.IntN(2) == 0
		case 3:
			return nil
		case 4:
			if depth > 2 {
				return 1.5
			}
			return []any{gen(depth + 1), gen(depth + 1)}
		default:
			if depth > 2 {
				return "x"
			}
			m := map[string]any{}
			for range r.IntN(4) {
				m[randText(r, []string{"k", "_", "1"}, 4)] = gen(depth + 1)
			}
			return m
		}
	}
	for range 3000 {
		m := map[string]any{}
		for range r.IntN(6) {
			m[randText(r, []string{"a", "b", "é"}, 5)] = gen(0)
		}
		b, _ := json.Marshal(m)
		if r.IntN(2) == 0 {
			b, _ = json.MarshalIndent(m, " ", "  ")
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		var want map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		got, ok := splitObject([]byte(s))
		if !ok {
			if !regexp.MustCompile(`\\`).MatchString(s) {
				t.Errorf("splitObject(%s) gave up", s)
			}
			continue
		}
		if len(got) != len(want) {
			t.Errorf("splitObject(%s): %d members, want %d", s, len(got), len(want))
		}
		for k, v := range want {
			if string(got[k]) != string(v) {
				t.Errorf("splitObject(%s)[%q] = %s, want %s", s, k, got[k], v)
			}
		}
	}
	for _, s := range []string{`[]`, `"x"`, `1`, ``} {
		if _, ok := splitObject([]byte(s)); ok {
			t.Errorf("splitObject(%s) accepted", s)
		}
	}
}
