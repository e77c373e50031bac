// Package indicators computes the commune and club indicators of the commune
// plan (each defined in labels.go; Definition gives the text) from the synced
// rows of one commune.
//
// The input is every row of one commune (all entities, deleted and voided
// rows included); the package filters them itself. Compute gives the whole
// answer of GET /api/indicators, Index.ClubPartial one club's figures (used
// to recompute only the clubs a push touched), and Details / Health the extra
// per-club figures the reports and the health-station view show.
//
// Readings of INDICATORS.md that the text leaves open are written in the doc
// comments marked "Reading:" and collected in Readings.
package indicators

import (
	"math"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"clb/schema"
)

// Row is one synced row as the server stores it.
type Row struct {
	Entity  string            // e.g. "member", "loan" (schema/entities.json names)
	ID      string            //
	Fields  map[string]any    // JSON-decoded: string, float64, bool, []any, nil (absent = nil)
	Stamps  map[string]string // field → HLC string of its latest write (compare as strings; tie → greater row ID)
	Deleted bool
}

// ledger lists the entities that are written once and afterwards only
// voided, as schema/entities.json says.
var ledger = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range schema.MustLoad().Entities {
		if e.Ledger() {
			m[e.Name] = true
		}
	}
	return m
}()

// live reports whether r is neither deleted nor (for a ledger row) voided.
//
// Reading: a ledger row is voided when its voided_reason is a non-empty text
// after trimming white space.
func (r *Row) live() bool {
	if r.Deleted {
		return false
	}
	if ledger[r.Entity] && strings.TrimSpace(r.str("voided_reason")) != "" {
		return false
	}
	return true
}

func (r *Row) str(f string) string {
	if s, ok := r.Fields[f].(string); ok {
		return s
	}
	return ""
}

func (r *Row) num(f string) (float64, bool) {
	switch v := r.Fields[f].(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// int64f reads an integer field (money, counts); absent → 0.
func (r *Row) int64f(f string) int64 {
	v, _ := r.num(f)
	return int64(math.Round(v))
}

func (r *Row) boolean(f string) bool {
	b, _ := r.Fields[f].(bool)
	return b
}

func (r *Row) list(f string) []string {
	var out []string
	switch v := r.Fields[f].(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = v
	}
	return out
}

// newer reports whether a wins over b on field f: greater HLC of f, then
// greater row ID.
func newer(a, b *Row, f string) bool {
	ha, hb := a.Stamps[f], b.Stamps[f]
	if ha != hb {
		return ha > hb
	}
	return a.ID > b.ID
}

// NameKey is the key officer names are compared by: NFC, Unicode lower case,
// every run of white space made one space, ends trimmed.
func NameKey(s string) string {
	s = norm.NFC.String(s)
	s = strings.ToLower(s)
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	// Lower-casing may in rare cases produce a non-NFC sequence.
	return norm.NFC.String(s)
}

// Date helpers: dates are YYYY-MM-DD strings, compared as strings.

func validDate(d string) bool {
	if len(d) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, d)
	return err == nil
}

func parseDate(d string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, d)
	return t, err == nil
}

// year of a date; 0 when it is not a date.
func year(d string) int {
	t, ok := parseDate(d)
	if !ok {
		return 0
	}
	return t.Year()
}

func addDays(d string, n int) string {
	t, ok := parseDate(d)
	if !ok {
		return ""
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// daysBetween returns b − a in days.
func daysBetween(a, b string) int {
	ta, ok1 := parseDate(a)
	tb, ok2 := parseDate(b)
	if !ok1 || !ok2 {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

func maxDate(a, b string) string {
	if a > b {
		return a
	}
	return b
}
