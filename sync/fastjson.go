package changes

// Hand-written forms of the checks and encodings that run for every field of
// every pushed change: the push path's cost per change was dominated by
// regular expressions, reflection-based JSON and values turned into JSON
// text only to be compared.

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// isLowerHex reports whether c is 0-9 or a-f.
func isLowerHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// isUUID is `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isLowerHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// isHLC is `^[0-9]{13}-[0-9a-f]{4}-[0-9a-z-]{1,64}$`.
func isHLC(s string) bool {
	if len(s) < 20 || len(s) > 19+64 || s[13] != '-' || s[18] != '-' {
		return false
	}
	for i := 0; i < 13; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	for i := 14; i < 18; i++ {
		if !isLowerHex(s[i]) {
			return false
		}
	}
	for i := 19; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// isDateShape is `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`.
func isDateShape(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// plainString returns the text of a JSON string literal that holds no escape,
// no control character and only valid UTF-8 (nearly every string a phone
// sends), without the reflection of json.Unmarshal; ok is false otherwise.
func plainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c < 0x20 || c == '\\' || c == '"' {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

// sameValue reports whether a normalised value equals a stored one (as the
// store reads it back: json.Number for numbers), as Canonical(a) ==
// Canonical(normalizeStored(b)) would, without encoding either.
func sameValue(a, b any) bool {
	if n, ok := b.(json.Number); ok {
		b = normalizeStored(n)
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case int64:
		switch y := b.(type) {
		case int64:
			return x == y
		case float64:
			return Canonical(x) == Canonical(y)
		}
		return false
	case float64:
		switch y := b.(type) {
		case float64:
			return x == y
		case int64:
			return Canonical(x) == Canonical(y)
		}
		return false
	case []string:
		switch y := b.(type) {
		case []string:
			return slices.Equal(x, y)
		case []any:
			if len(x) != len(y) {
				return false
			}
			for i := range x {
				if s, ok := y[i].(string); !ok || s != x[i] {
					return false
				}
			}
			return true
		}
		return false
	}
	return Canonical(a) == Canonical(b)
}

// AppendFields appends m as a JSON object with sorted keys, as json.Marshal
// would write it, for the value types a row holds (string, int64, float64,
// bool, []string, nil, json.Number, []any of strings); other types go through
// json.Marshal.
func AppendFields(b []byte, m map[string]any) ([]byte, error) {
	var buf [32]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// AppendStamps appends stamps as {"field":["hlc","change id"],…}, sorted.
func AppendStamps(b []byte, m map[string]Stamp) []byte {
	var buf [32]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		s := m[k]
		b = appendString(b, k)
		b = append(b, ':', '[')
		b = appendString(b, s.HLC)
		b = append(b, ',')
		b = appendString(b, s.ChangeID)
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case json.Number:
		if !IsJSONNumber(string(x)) {
			return nil, fmt.Errorf("invalid number %q", string(x))
		}
		return append(b, x...), nil
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, fmt.Errorf("unsupported value %v", x)
		}
		// encoding/json's float format, for numbers a row can hold.
		if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
			j, err := json.Marshal(x)
			return append(b, j...), err
		}
		return strconv.AppendFloat(b, x, 'f', -1, 64), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']'), nil
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

// appendString writes s as encoding/json does (HTML characters and U+2028,
// U+2029 escaped; invalid UTF-8 as U+FFFD); the common case is copied as is.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= 0x80 {
			if c >= 0x80 && !needsEscapeFrom(s[i:]) {
				break
			}
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// needsEscapeFrom reports whether the rest of s (from its first non-ASCII
// byte) holds anything encoding/json would escape or replace.
func needsEscapeFrom(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return true
		}
		i += size
	}
	return false
}

// ParseStamps reads what AppendStamps wrote; other JSON goes through
// encoding/json.
func ParseStamps(s string) (map[string]Stamp, error) {
	m, ok := parseStampsFast(s)
	if ok {
		return m, nil
	}
	m = map[string]Stamp{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	return m, nil
}

// parseStampsFast handles {"k":["a","b"],…} with plain strings only.
func parseStampsFast(s string) (map[string]Stamp, bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	m := make(map[string]Stamp, 16)
	i := 1
	str := func() (string, bool) {
		if i >= len(s) || s[i] != '"' {
			return "", false
		}
		j := i + 1
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' || s[j] < 0x20 {
				return "", false
			}
			j++
		}
		if j >= len(s) {
			return "", false
		}
		out := s[i+1 : j]
		i = j + 1
		return out, true
	}
	expect := func(c byte) bool {
		if i < len(s) && s[i] == c {
			i++
			return true
		}
		return false
	}
	if expect('}') {
		return m, i == len(s)
	}
	for {
		k, ok := str()
		if !ok || !expect(':') || !expect('[') {
			return nil, false
		}
		h, ok := str()
		if !ok || !expect(',') {
			return nil, false
		}
		id, ok := str()
		if !ok || !expect(']') {
			return nil, false
		}
		if _, dup := m[k]; dup {
			return nil, false
		}
		m[k] = Stamp{HLC: h, ChangeID: id}
		if expect('}') {
			return m, i == len(s)
		}
		if !expect(',') {
			return nil, false
		}
	}
}

// IsJSONNumber is the JSON number grammar (as encoding/json checks a
// json.Number before writing it).
func IsJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// splitObject splits a valid JSON object into its members without
// reflection; ok is false when raw is not an object or a key holds an escape
// (the caller then uses encoding/json). raw must be valid JSON.
func splitObject(raw []byte) (m map[string]json.RawMessage, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	m = make(map[string]json.RawMessage, 16)
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return m, true
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return nil, false
		}
		j := i + 1
		for j < len(raw) && raw[j] != '"' {
			if raw[j] == '\\' {
				return nil, false
			}
			j++
		}
		if j >= len(raw) {
			return nil, false
		}
		key := string(raw[i+1 : j])
		i = skipSpace(raw, j+1)
		if i >= len(raw) || raw[i] != ':' {
			return nil, false
		}
		i = skipSpace(raw, i+1)
		end := valueEnd(raw, i)
		if end < 0 {
			return nil, false
		}
		m[key] = raw[i:end] // later duplicates win, as with json.Unmarshal
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return nil, false
		}
		if raw[i] == '}' {
			return m, true
		}
		if raw[i] != ',' {
			return nil, false
		}
		i = skipSpace(raw, i+1)
	}
	return nil, false
}

func skipSpace[T string | []byte](b T, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd is the index just after the JSON value starting at i (valid JSON
// assumed), or -1.
func valueEnd[T string | []byte](b T, i int) int {
	depth := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '"':
			i++
			for i < len(b) && b[i] != '"' {
				if b[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(b) {
				return -1
			}
			i++
		case '{', '[':
			depth++
			i++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			i++
		case ',':
			if depth == 0 {
				return i
			}
			i++
		case ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
			i++
		default:
			i++
		}
		if depth == 0 && i > 0 && (b[i-1] == '"' || b[i-1] == '}' || b[i-1] == ']') {
			return i
		}
	}
	if depth == 0 {
		return i
	}
	return -1
}

// ObjectKeys calls fn with each key of the JSON object text s, in order, and
// reports whether s is an object whose keys all hold no escape and fn
// accepted each (s must be valid JSON, as the store writes it). Nothing is
// decoded: a pull uses it to send a stored row's fields as they are.
func ObjectKeys(s string, fn func(key string) bool) bool {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return true
	}
	for i < len(s) {
		if s[i] != '"' {
			return false
		}
		j := i + 1
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' {
				return false
			}
			j++
		}
		if j >= len(s) || !fn(s[i+1:j]) {
			return false
		}
		i = skipSpace(s, j+1)
		if i >= len(s) || s[i] != ':' {
			return false
		}
		end := valueEnd(s, skipSpace(s, i+1))
		if end < 0 {
			return false
		}
		i = skipSpace(s, end)
		if i >= len(s) {
			return false
		}
		if s[i] == '}' {
			return true
		}
		if s[i] != ',' {
			return false
		}
		i = skipSpace(s, i+1)
	}
	return false
}
