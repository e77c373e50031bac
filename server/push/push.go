// Package push is the one way a change gets in: the phones' pushes (through
// the HTTP API), the demo data and the command line all go through
// Service.Apply, which runs the sync engine inside one store transaction and
// then tells the indicators which communes and clubs the push wrote to.
package push

import (
	"context"

	changes "clb/sync"
)

// MaxChanges is the most changes one push may carry (CONTRACT.md: more is
// 413 too_large).
const MaxChanges = 1000

// Store runs the engine over one push in one transaction; the answer comes
// only after the commit, so an acknowledged change survives a crash.
type Store interface {
	Push(ctx context.Context, eng *changes.Engine, a changes.Actor, cs []changes.Change) ([]changes.Outcome, error)
}

// Indicators is told, after each commit, which communes and clubs a push
// wrote to, so that their figures are brought up to date.
type Indicators interface {
	Touched(ctx context.Context, communes, clubs map[string]bool)
}

// Service applies pushes.
type Service struct {
	Store      Store
	Engine     *changes.Engine
	Indicators Indicators // nil: nobody to tell
}

// Apply runs the changes, in order, in one transaction and answers each; an
// error means a storage fault, and nothing was applied.
func (s *Service) Apply(ctx context.Context, a changes.Actor, cs []changes.Change) ([]changes.Outcome, error) {
	out, err := s.Store.Push(ctx, s.Engine, a, cs)
	if err != nil {
		return nil, err
	}
	if s.Indicators != nil {
		communes, clubs := touched(out)
		if len(communes) > 0 {
			s.Indicators.Touched(ctx, communes, clubs)
		}
	}
	return out, nil
}

// Results are the answers of the outcomes, as the push answer lists them.
func Results(out []changes.Outcome) []changes.Result {
	rs := make([]changes.Result, len(out))
	for i, o := range out {
		rs[i] = o.Result
	}
	return rs
}

// touched lists the communes and clubs of the rows written.
func touched(out []changes.Outcome) (communes, clubs map[string]bool) {
	communes, clubs = map[string]bool{}, map[string]bool{}
	for _, o := range out {
		if o.Row != nil {
			communes[o.Row.CommuneID] = true
			if o.Row.ClubID != "" {
				clubs[o.Row.ClubID] = true
			}
		}
	}
	return communes, clubs
}

// Check runs the engine over the changes against an empty store, writing
// nothing: it answers what a push to an empty database would answer (for
// changes that do not depend on each other), so that a command can refuse
// bad input before it creates anything.
func Check(ctx context.Context, eng *changes.Engine, a changes.Actor, cs []changes.Change) ([]changes.Outcome, error) {
	return eng.Apply(ctx, emptyStore{}, a, cs)
}

// emptyStore holds nothing and keeps nothing.
type emptyStore struct{}

func (emptyStore) Logged(context.Context, string) (bool, error)           { return false, nil }
func (emptyStore) Row(context.Context, string) (*changes.Row, error)      { return nil, nil }
func (emptyStore) PutRow(context.Context, *changes.Row) error             { return nil }
func (emptyStore) Log(context.Context, changes.LogEntry) error            { return nil }
func (emptyStore) RecordConflict(context.Context, changes.Conflict) error { return nil }
