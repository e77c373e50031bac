package changes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"clb/schema"
)

var phonePattern = regexp.MustCompile(`^\+?[0-9]{8,15}$`)

// IsUUID reports whether s is a UUID in lower-case canonical form.
func IsUUID(s string) bool { return isUUID(s) }

// ParseDate parses a YYYY-MM-DD real calendar day in 1900–2100.
func ParseDate(s string) (time.Time, bool) {
	if !isDateShape(s) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

// NormalizeText trims Unicode white space and normalises to NFC.
func NormalizeText(s string) string {
	return norm.NFC.String(strings.TrimFunc(s, unicode.IsSpace))
}

// BadTextRune finds the first character that stored text may not hold:
// invalid UTF-8, a control character other than tab and line feed, a format
// character (Unicode category Cf: zero-width spaces, bidirectional overrides,
// the byte-order mark, which hide or reorder what a reader sees) or a
// noncharacter (U+FDD0–U+FDEF and the last two code points of every plane).
func BadTextRune(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == utf8.RuneError,
			unicode.IsControl(r) && r != '\t' && r != '\n',
			unicode.Is(unicode.Cf, r),
			r >= 0xFDD0 && r <= 0xFDEF,
			r&0xFFFE == 0xFFFE:
			return r, true
		}
	}
	return 0, false
}

// fieldError is a value that breaks its field's type, range or code.
type fieldError struct {
	field string
	msg   string
}

func (e *fieldError) Error() string { return e.field + ": " + e.msg }

// normalizeValue checks one JSON value against its field and returns the value
// to store: string, int64, float64, bool, []string or nil.
func normalizeValue(f *schema.Field, raw json.RawMessage, year int) (any, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		if f.Required {
			return nil, badValue(f, "bắt buộc, không được để trống (required, may not be null)")
		}
		return nil, nil
	}
	switch f.Type {
	case "bool":
		switch string(raw) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, badValue(f, "phải là true hoặc false (must be a boolean)")
	case "integer", "decimal":
		return normalizeNumber(f, raw, year)
	case "list":
		return normalizeList(f, raw)
	}
	// Every other type is a JSON string.
	s, plain := plainString(raw)
	if !plain && (raw[0] != '"' || json.Unmarshal(raw, &s) != nil) {
		return nil, badValue(f, "phải là chuỗi (must be a string)")
	}
	if f.Type == "text" {
		return normalizeTextValue(f, s)
	}
	return checkString(f, s)
}

func badValue(f *schema.Field, format string, a ...any) error {
	return &fieldError{f.Name, fmt.Sprintf(format, a...)}
}

// normalizeNumber: an integer or decimal within the field's range (birth
// years up to the current year).
func normalizeNumber(f *schema.Field, raw json.RawMessage, year int) (any, error) {
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return nil, badValue(f, "phải là số (must be a number)")
	}
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, badValue(f, "phải là số (must be a number)")
	}
	if f.Type == "integer" && v != math.Trunc(v) {
		return nil, badValue(f, "phải là số nguyên (must be an integer)")
	}
	if f.Min != nil && v < *f.Min {
		return nil, badValue(f, "nhỏ hơn %v (below the minimum)", *f.Min)
	}
	max := f.Max
	if f.MaxCurrentYear {
		y := float64(year)
		max = &y
	}
	if max != nil && v > *max {
		return nil, badValue(f, "lớn hơn %v (above the maximum)", *max)
	}
	if f.Type == "integer" {
		return int64(v), nil
	}
	return v, nil
}

// normalizeList: a list of distinct codes of the field, at least MinItems.
func normalizeList(f *schema.Field, raw json.RawMessage) (any, error) {
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, badValue(f, "phải là danh sách mã (must be a list of codes)")
	}
	out := make([]string, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) != nil || !slices.Contains(f.Values, s) {
			return nil, badValue(f, "mã không hợp lệ (unknown code)")
		}
		if seen[s] {
			return nil, badValue(f, "mã bị lặp %q (repeated code)", s)
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) < f.MinItems {
		return nil, badValue(f, "cần ít nhất %d mục (needs at least %d)", f.MinItems, f.MinItems)
	}
	return out, nil
}

// normalizeTextValue: no control, format or noncharacters; trimmed and NFC; empty is
// null (refused when required); at most MaxLen characters.
func normalizeTextValue(f *schema.Field, s string) (any, error) {
	if r, ok := BadTextRune(s); ok {
		return nil, badValue(f, "chứa ký tự không được phép U+%04X (contains a control, format or noncharacter)", r)
	}
	s = NormalizeText(s)
	n := utf8.RuneCountInString(s)
	if n == 0 {
		if f.Required {
			return nil, badValue(f, "không được để trống (may not be empty)")
		}
		return nil, nil
	}
	if f.MaxLen > 0 && n > f.MaxLen {
		return nil, badValue(f, "dài quá %d ký tự (longer than %d characters)", f.MaxLen, f.MaxLen)
	}
	return s, nil
}

// checkString: a date, code, ref or phone, kept as sent.
func checkString(f *schema.Field, s string) (any, error) {
	ok := false
	msg := ""
	switch f.Type {
	case "date":
		_, ok = ParseDate(s)
		msg = "ngày không hợp lệ, cần YYYY-MM-DD (not a real YYYY-MM-DD date)"
	case "code":
		ok = slices.Contains(f.Values, s)
		msg = fmt.Sprintf("mã không hợp lệ %q (unknown code)", s)
	case "ref":
		ok = IsUUID(s)
		msg = "không phải UUID (not a lower-case UUID)"
	case "phone":
		ok = phonePattern.MatchString(s)
		msg = "số điện thoại 8–15 chữ số (8–15 digits, optional +)"
	default:
		msg = fmt.Sprintf("kiểu trường không rõ %q (unknown field type)", f.Type)
	}
	if !ok {
		return nil, badValue(f, "%s", msg)
	}
	return s, nil
}

// Canonical is the JSON text of a stored value, used to compare values.
func Canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
