package changes

import "context"

// Preloader is implemented by a Store that can read, in one query each, which
// change ids of a push are already logged and which of its rows exist, so that
// Logged and Row then answer from memory instead of one query per change.
type Preloader interface {
	Preload(ctx context.Context, changeIDs, rowIDs []string) error
}

// preload hands the push's change and row ids to a Preloader store.
func preload(ctx context.Context, st Store, cs []Change) error {
	p, ok := st.(Preloader)
	if !ok || len(cs) == 0 {
		return nil
	}
	ids := make([]string, 0, len(cs))
	rows := make([]string, 0, len(cs))
	seen := make(map[string]bool, len(cs))
	for i := range cs {
		if IsUUID(cs[i].ID) {
			ids = append(ids, cs[i].ID)
		}
		if id := cs[i].RowID; IsUUID(id) && !seen[id] {
			seen[id] = true
			rows = append(rows, id)
		}
	}
	return p.Preload(ctx, ids, rows)
}
