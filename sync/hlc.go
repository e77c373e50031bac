package changes

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// HLC is a parsed hybrid logical clock: wall milliseconds, a counter and the
// id of the device that made the change. HLCs compare as strings.
type HLC struct {
	WallMS  int64
	Counter int
	Device  string
}

// ParseHLC checks the syntax of CONTRACT.md and splits the parts.
func ParseHLC(s string) (HLC, error) {
	if !isHLC(s) {
		return HLC{}, fmt.Errorf("hlc %q: not <13 digits>-<4 hex>-<device>", s)
	}
	ms, _ := strconv.ParseInt(s[:13], 10, 64)
	c, _ := strconv.ParseInt(s[14:18], 16, 32)
	return HLC{WallMS: ms, Counter: int(c), Device: s[19:]}, nil
}

// Wall is the HLC's wall time.
func (h HLC) Wall() time.Time { return time.UnixMilli(h.WallMS) }

// Stamp records which change last wrote a field: its HLC, then its change id
// to break ties between equal HLCs.
type Stamp struct {
	HLC      string
	ChangeID string
}

// After reports whether s wins over t (t may be the zero Stamp: no write yet).
func (s Stamp) After(t Stamp) bool {
	if t.HLC == "" {
		return true
	}
	if s.HLC != t.HLC {
		return s.HLC > t.HLC
	}
	return s.ChangeID > t.ChangeID
}

// MarshalJSON stores a stamp as [hlc, change_id].
func (s Stamp) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]string{s.HLC, s.ChangeID})
}

// UnmarshalJSON reads [hlc, change_id].
func (s *Stamp) UnmarshalJSON(b []byte) error {
	var a [2]string
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	s.HLC, s.ChangeID = a[0], a[1]
	return nil
}
