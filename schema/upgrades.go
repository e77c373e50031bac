package schema

import (
	"encoding/json"
	"time"
)

// CompatWindow is how long after a release that raises schema_version the
// server still takes pushes and pulls made at the previous version
// (docs/UPGRADES.md): phones opened once a month, offline, keep syncing while
// they update, and their unsent changes are never stranded by a release.
const CompatWindow = 180 * 24 * time.Hour

// Upgrade says what changed when schema_version became Version, so that the
// server can map a change made at Version-1 field by field. A field removed
// at Version needs no entry: a change still carrying it is rejected
// unknown_field on its own, and the rest of the push goes on.
type Upgrade struct {
	Version int `json:"version"`
	// Released is the day (YYYY-MM-DD, UTC) the release with Version ships;
	// the previous version is accepted until Released + CompatWindow.
	Released string `json:"released"`
	// Renamed maps entity → field name at Version-1 → field name at Version.
	Renamed map[string]map[string]string `json:"renamed,omitempty"`
}

// Accepts is the one rule for a client's schema_version v at time now: the
// current version (or a newer one) is taken as is; the previous one is taken
// while its window lasts, with the Upgrade that maps its changes; anything
// else is too old (426 client_too_old).
func (s *Schema) Accepts(v int64, now time.Time) (up *Upgrade, ok bool) {
	if v >= int64(s.Version) {
		return nil, true
	}
	if v != int64(s.Version)-1 {
		return nil, false
	}
	for i := range s.Upgrades {
		u := &s.Upgrades[i]
		if u.Version != s.Version {
			continue
		}
		day, err := time.Parse("2006-01-02", u.Released)
		if err != nil || !now.Before(day.Add(CompatWindow)) {
			return nil, false
		}
		return u, true
	}
	return nil, false
}

// MapFields renames an old change's fields to the current names. It keeps
// anything it cannot read as is: the engine then answers that change alone.
func (u *Upgrade) MapFields(entity string, fields json.RawMessage) json.RawMessage {
	return rename(fields, u.renames(entity))
}

// UnmapFields gives a pulled row's fields their names at the previous
// version (for a phone that has not updated yet).
func (u *Upgrade) UnmapFields(entity string, fields json.RawMessage) json.RawMessage {
	back := map[string]string{}
	for old, cur := range u.renames(entity) {
		back[cur] = old
	}
	return rename(fields, back)
}

// rename renames the keys of a JSON object; anything else comes back as is.
func rename(fields json.RawMessage, ren map[string]string) json.RawMessage {
	if len(ren) == 0 || len(fields) == 0 || fields[0] != '{' {
		return fields
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(fields, &m) != nil {
		return fields
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if n, ok := ren[k]; ok {
			k = n
		}
		out[k] = v
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fields
	}
	return b
}

func (u *Upgrade) renames(entity string) map[string]string {
	if u == nil {
		return nil
	}
	return u.Renamed[entity]
}
