// Package figures keeps the indicators up to date: it loads a commune's rows
// from the store, hands them to package indicators, and is told after each
// push which communes and clubs changed.
package figures

import (
	"context"
	"encoding/json"
	"fmt"

	"clb/server/indicators"
	"clb/server/store"
	changes "clb/sync"
)

// Figures answers indicator queries.
type Figures struct {
	db *store.DB
}

// New returns figures over the store.
func New(db *store.DB) *Figures { return &Figures{db: db} }

// Rows loads every row of a commune for the indicators package.
func (f *Figures) Rows(ctx context.Context, communeID string) ([]indicators.Row, error) {
	rows, err := f.db.CommuneRows(ctx, communeID)
	if err != nil {
		return nil, fmt.Errorf("load commune rows: %w", err)
	}
	return Convert(rows), nil
}

// Answer computes the indicators of q.
func (f *Figures) Answer(ctx context.Context, q indicators.Query) (*indicators.Answer, error) {
	rows, err := f.Rows(ctx, q.CommuneID)
	if err != nil {
		return nil, err
	}
	return indicators.Compute(rows, q)
}

// Touched is called after each push with what it wrote to.
func (f *Figures) Touched(ctx context.Context, communes, clubs map[string]bool) {}

// Convert turns stored rows into the indicators package's rows.
func Convert(rows []*changes.Row) []indicators.Row {
	out := make([]indicators.Row, len(rows))
	for i, r := range rows {
		f := make(map[string]any, len(r.Fields))
		for k, v := range r.Fields {
			if n, ok := v.(json.Number); ok {
				x, _ := n.Float64()
				f[k] = x
			} else {
				f[k] = v
			}
		}
		st := make(map[string]string, len(r.Stamps))
		for k, v := range r.Stamps {
			st[k] = v.HLC
		}
		out[i] = indicators.Row{Entity: r.Entity, ID: r.ID, Fields: f, Stamps: st, Deleted: r.Deleted}
	}
	return out
}
