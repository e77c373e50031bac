package changes_test

import (
	"context"
	"encoding/json"
	"maps"

	changes "clb/sync"
)

// memStore is an in-memory Store: the engine is tested without SQL. Rows are
// copied in and out through JSON, as the SQLite store does, so that values
// come back as json.Number.
type memStore struct {
	rows      map[string][]byte
	logged    map[string]string
	conflicts []changes.Conflict
	seq       int64
}

func newMem() *memStore {
	return &memStore{rows: map[string][]byte{}, logged: map[string]string{}}
}

type storedRow struct {
	ID, Entity, CommuneID, ClubID string
	Fields                        json.RawMessage
	Stamps                        map[string]changes.Stamp
	Deleted                       bool
}

func (m *memStore) Logged(_ context.Context, id string) (bool, error) {
	_, ok := m.logged[id]
	return ok, nil
}

func (m *memStore) Row(_ context.Context, id string) (*changes.Row, error) {
	b, ok := m.rows[id]
	if !ok {
		return nil, nil
	}
	var s storedRow
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	r := &changes.Row{ID: s.ID, Entity: s.Entity, CommuneID: s.CommuneID, ClubID: s.ClubID, Stamps: s.Stamps, Deleted: s.Deleted}
	d := json.NewDecoder(bytesReader(s.Fields))
	d.UseNumber()
	if err := d.Decode(&r.Fields); err != nil {
		return nil, err
	}
	return r, nil
}

func (m *memStore) PutRow(_ context.Context, r *changes.Row) error {
	f, err := json.Marshal(r.Fields)
	if err != nil {
		return err
	}
	b, err := json.Marshal(storedRow{r.ID, r.Entity, r.CommuneID, r.ClubID, f, maps.Clone(r.Stamps), r.Deleted})
	if err != nil {
		return err
	}
	m.seq++
	m.rows[r.ID] = b
	return nil
}

func (m *memStore) Log(_ context.Context, e changes.LogEntry) error {
	m.logged[e.Change.ID] = e.Status
	return nil
}

func (m *memStore) RecordConflict(_ context.Context, c changes.Conflict) error {
	m.conflicts = append(m.conflicts, c)
	return nil
}

// state is the rows' values without stamps' change ids, for comparing stores.
func (m *memStore) state() map[string]string {
	out := map[string]string{}
	for id, b := range m.rows {
		var s storedRow
		_ = json.Unmarshal(b, &s)
		if s.Deleted {
			out[id] = "deleted"
			continue
		}
		out[id] = string(s.Fields)
	}
	return out
}
