// Package changes is the sync engine: it validates each pushed change against
// schema/entities.json, checks the sender's scope, merges it (per-field LWW or
// write-once ledger) through a Store, and answers per change. It holds no HTTP
// and no SQL. The directory is sync/; the package is named changes so that it
// never shadows the standard library's sync.
package changes

import "encoding/json"

// Change is one entry of a phone's outbox, as CONTRACT.md's push gives it.
type Change struct {
	ID     string          `json:"id"`
	Entity string          `json:"entity"`
	RowID  string          `json:"row_id"`
	Op     string          `json:"op"`
	Fields json.RawMessage `json:"fields"`
	HLC    string          `json:"hlc"`
}

// Result answers one change.
type Result struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  *Error `json:"error,omitempty"`
}

// Error is why a change was rejected.
type Error struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Statuses of a change.
const (
	Applied    = "applied"
	Superseded = "superseded"
	Duplicate  = "duplicate"
	Rejected   = "rejected"
)
