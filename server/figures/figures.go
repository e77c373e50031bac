// Package figures keeps the indicators up to date: it loads a commune's rows
// from the store, hands them to package indicators, and is told after each
// push which communes and clubs changed.
//
// Per commune it keeps, in memory, a snapshot of the commune's rows (in seq
// order, as store.CommuneRows gives them) with an indicators.Index over them,
// and for each period asked for lately (an LRU of maxPeriods periods) every
// club's partial figures (indicators.ClubPartial) and the assembled answer.
//
// Bringing a commune up to date (Touched after a push, and Answer / Rows
// before answering, so that rows written without a Touched — the `commune
// add` CLI from another process, a lost call — are seen too):
//
//  1. store.LastSeq, one row read: when the server's seq has not moved since
//     the snapshot, nothing changed and the cache answers;
//  2. else store.RowsSince reads only the commune's rows written since; they
//     replace their old versions in the snapshot and the index is rebuilt in
//     memory (no database read, no JSON decoding);
//  3. the clubs a changed row reaches are derived from its old and new
//     versions and the refs schema/entities.json gives (see reach): the club
//     it names, the club of the member, loan or meeting it names, the club of
//     a repayment's loan and of that loan's member. A target reaches every
//     club; the commune row, villages and outreach without a club reach none
//     (they feed only the commune-wide figures). The clubs Touched is given
//     (those the written rows name) are reopened with them.
//  4. Reading of "back-dated changes reopen the periods they fall into": every
//     cached period of a reached club is reopened, i.e. its partial is
//     recomputed, whatever dates the changed row carries. A row dated before
//     a period still changes it (a back-dated repayment changes the
//     outstanding principal on `to`, a member's joined_on changes M(to)), so
//     filtering by date would be a second rule to keep in step with
//     INDICATORS.md for little gain: a club's partial costs well under a
//     millisecond. The other clubs' partials are kept.
//  5. each cached period's commune block is rebuilt: commune-wide figures
//     recomputed, per-club sums taken from the partials.
//
// Answer always equals Full, the full recomputation from the store
// (indicators.Compute over CommuneRows); the tests check it on random pushes.
package figures

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"clb/schema"
	"clb/server/indicators"
	"clb/server/store"
	changes "clb/sync"
)

// Bounds of the cache.
const (
	maxCommunes = 16 // commune snapshots kept (least recently used dropped)
	maxPeriods  = 32 // periods kept per commune (least recently used dropped)
)

// Figures answers indicator queries.
type Figures struct {
	db *store.DB

	mu       sync.Mutex // guards communes and lru
	communes map[string]*list.Element
	lru      *list.List // of *commune, most recently used first

	// recomputed, when set (tests), is called each time a club's partial is
	// computed, under the commune's lock.
	recomputed func(communeID, clubID, from, to string)
}

// New returns figures over the store.
func New(db *store.DB) *Figures {
	return &Figures{db: db, communes: map[string]*list.Element{}, lru: list.New()}
}

// commune is one commune's snapshot and cache.
type commune struct {
	id string

	mu      sync.Mutex
	loaded  bool
	seq     int64             // the snapshot holds every write with seq ≤ this
	rows    []indicators.Row  // seq order, stale versions included (see apply); entries never modified
	pos     map[string]int    // row id → index of its latest version in rows
	stale   int               // entries of rows that are not their row's latest
	ix      *indicators.Index // over rows
	periods map[periodKey]*list.Element
	plru    *list.List // of *period, most recently used first
}

type periodKey struct{ from, to string }

// period is what is cached for one period.
type period struct {
	key    periodKey
	parts  map[string]*indicators.ClubPartial // club id → partial (clubs of C computed so far)
	answer *indicators.Answer                 // the commune answer; nil when not built
}

// get returns the commune's entry, creating it when create is set (nil
// otherwise when absent).
func (f *Figures) get(id string, create bool) *commune {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.communes[id]; ok {
		f.lru.MoveToFront(e)
		return e.Value.(*commune)
	}
	if !create {
		return nil
	}
	c := &commune{id: id, periods: map[periodKey]*list.Element{}, plru: list.New()}
	f.communes[id] = f.lru.PushFront(c)
	for f.lru.Len() > maxCommunes {
		old := f.lru.Back()
		f.lru.Remove(old)
		delete(f.communes, old.Value.(*commune).id)
	}
	return c
}

// Rows returns every row of a commune for the indicators package (every row
// of every commune when communeID is ""), as Convert(CommuneRows) gives them.
// The rows come from the commune's snapshot once it is up to date; their
// Fields and Stamps maps are shared with it and must not be modified.
func (f *Figures) Rows(ctx context.Context, communeID string) ([]indicators.Row, error) {
	if communeID == "" {
		return f.fullRows(ctx, communeID)
	}
	c := f.get(communeID, true)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := f.refresh(ctx, c, nil); err != nil {
		return nil, err
	}
	return c.latest(), nil
}

// latest is the snapshot's rows without stale versions, in seq order (a
// new slice).
func (c *commune) latest() []indicators.Row {
	out := make([]indicators.Row, 0, len(c.rows)-c.stale)
	for i := range c.rows {
		if c.pos[c.rows[i].ID] == i {
			out = append(out, c.rows[i])
		}
	}
	return out
}

func (f *Figures) fullRows(ctx context.Context, communeID string) ([]indicators.Row, error) {
	rows, err := f.db.CommuneRows(ctx, communeID)
	if err != nil {
		return nil, fmt.Errorf("load commune rows: %w", err)
	}
	return Convert(rows), nil
}

// Full computes the indicators of q from scratch: the commune's rows read
// from the store and indicators.Compute. Answer gives the same. Of the
// entities the period reads only through its dates (indicators.Windows:
// readings, attendance) only the rows of the period are read, so that the
// cost follows the period, not the years of history.
func (f *Figures) Full(ctx context.Context, q indicators.Query) (*indicators.Answer, error) {
	if q.CommuneID == "" {
		rows, err := f.fullRows(ctx, q.CommuneID)
		if err != nil {
			return nil, err
		}
		return indicators.Compute(rows, q)
	}
	raw, err := f.db.PeriodRows(ctx, q.CommuneID, q.From, q.To, windows, indicators.Stamped)
	if err != nil {
		return nil, fmt.Errorf("load commune rows: %w", err)
	}
	rows := make([]indicators.Row, len(raw))
	for i := range raw {
		if rows[i], err = decodeRaw(&raw[i]); err != nil {
			return nil, err
		}
	}
	return indicators.Compute(rows, q)
}

// windows are indicators.Windows as the store reads them.
var windows = func() []store.Window {
	out := make([]store.Window, len(indicators.Windows))
	for i, w := range indicators.Windows {
		out[i] = store.Window{Entity: w.Entity, Date: w.Date, Via: w.Via, Of: w.Of, OfDate: w.Date}
		if w.Via != "" {
			out[i].Date = ""
		}
	}
	return out
}()

// Answer computes the indicators of q from the cache, after bringing the
// commune up to date with the store. The answer is the caller's (its slices
// are fresh; the numbers' pointers are shared and must not be written
// through).
func (f *Figures) Answer(ctx context.Context, q indicators.Query) (*indicators.Answer, error) {
	if q.CommuneID == "" {
		return f.Full(ctx, q) // the commune is found from the club's row
	}
	c := f.get(q.CommuneID, true)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := f.refresh(ctx, c, nil); err != nil {
		return nil, err
	}
	key := periodKey{q.From, q.To}
	var p *period
	if e, ok := c.periods[key]; ok {
		c.plru.MoveToFront(e)
		p = e.Value.(*period)
		if q.ClubID == "" && p.answer != nil {
			return clone(p.answer), nil
		}
	} else {
		p = &period{key: key, parts: map[string]*indicators.ClubPartial{}}
	}
	ans, err := f.assemble(c, p, q)
	if err != nil {
		return nil, err // a bad period is not cached
	}
	if _, ok := c.periods[key]; !ok {
		c.periods[key] = c.plru.PushFront(p)
		for c.plru.Len() > maxPeriods {
			old := c.plru.Back()
			c.plru.Remove(old)
			delete(c.periods, old.Value.(*period).key)
		}
	}
	if q.ClubID == "" {
		p.answer = ans
	}
	return clone(ans), nil
}

// assemble builds q's answer from p's partials, computing the missing ones.
func (f *Figures) assemble(c *commune, p *period, q indicators.Query) (*indicators.Answer, error) {
	return c.ix.Assemble(q, func(clubID string) (*indicators.ClubPartial, error) {
		if cp, ok := p.parts[clubID]; ok {
			return cp, nil
		}
		cp, err := f.partial(c, clubID, p.key)
		if err != nil {
			return nil, err
		}
		p.parts[clubID] = cp
		return cp, nil
	})
}

func (f *Figures) partial(c *commune, clubID string, k periodKey) (*indicators.ClubPartial, error) {
	if f.recomputed != nil {
		f.recomputed(c.id, clubID, k.from, k.to)
	}
	return c.ix.ClubPartial(clubID, k.from, k.to)
}

// Touched is called after each push with what it wrote to: the snapshots of
// the communes are brought up to date and the partials of the clubs the
// changed rows reach, and of the clubs given, are recomputed for every cached
// period. Communes not in the cache are left to be loaded when asked for. On
// a read error the snapshot stays as it was and the next Answer catches up
// (from the rows alone).
func (f *Figures) Touched(ctx context.Context, communes, clubs map[string]bool) {
	for id := range communes {
		c := f.get(id, false)
		if c == nil {
			continue
		}
		c.mu.Lock()
		_ = f.refresh(ctx, c, clubs)
		c.mu.Unlock()
	}
}

// refresh brings c up to date with the store; c.mu is held. When rows
// changed, the clubs of extra (any commune's; the others' are not cached
// here) are reopened with those the rows reach.
func (f *Figures) refresh(ctx context.Context, c *commune, extra map[string]bool) error {
	if c.loaded {
		last, err := f.db.LastSeq(ctx)
		if err != nil {
			return err
		}
		if last == c.seq {
			return nil
		}
	}
	changed, last, err := f.db.RowsSince(ctx, c.id, c.seq)
	if err != nil {
		return fmt.Errorf("load commune rows: %w", err)
	}
	if !c.loaded {
		c.rows = Convert(changed)
		c.pos, c.stale = positions(c.rows), 0
		c.ix = indicators.NewIndex(c.rows, c.id)
		c.seq, c.loaded = last, true
		return nil
	}
	c.seq = last
	if len(changed) == 0 {
		return nil // writes in other communes only
	}
	f.apply(c, Convert(changed), extra)
	return nil
}

// apply replaces the changed rows' old versions (changed is in seq order,
// after every row of the snapshot) and reopens what they reach. The new
// versions are appended to c.rows and the old ones left in place, stale
// (c.pos names each row's latest entry): a push costs its rows, not a copy
// of the commune's snapshot and position map. Entries are never modified, so
// pointers into c.rows (the index's) stay true; the stale ones are dropped
// when they are half of the snapshot.
func (f *Figures) apply(c *commune, changed []indicators.Row, extra map[string]bool) {
	byID := make(map[string]*indicators.Row, len(changed))
	for i := range changed {
		byID[changed[i].ID] = &changed[i]
	}
	lookOld := func(id string) *indicators.Row {
		if i, ok := c.pos[id]; ok {
			return &c.rows[i]
		}
		return nil
	}
	lookNew := func(id string) *indicators.Row {
		if r, ok := byID[id]; ok {
			return r
		}
		return lookOld(id)
	}
	reached := map[string]bool{}
	for id := range extra {
		reached[id] = true
	}
	all := false
	olds := make([]*indicators.Row, len(changed))
	for i := range changed {
		olds[i] = lookOld(changed[i].ID)
		for _, v := range []*indicators.Row{olds[i], &changed[i]} {
			for _, look := range []func(string) *indicators.Row{lookOld, lookNew} {
				if reach(v, look, reached) {
					all = true
				}
			}
		}
	}
	for i := range changed {
		if olds[i] != nil {
			c.stale++
		}
		c.rows = append(c.rows, changed[i])
		c.pos[changed[i].ID] = len(c.rows) - 1
	}
	// The index is updated, not rebuilt: rebuilding grew with the commune.
	news := make([]*indicators.Row, len(changed))
	for i := range changed {
		news[i] = &c.rows[c.pos[changed[i].ID]]
	}
	if nx, ok := c.ix.Update(olds, news); ok {
		c.ix = nx
	} else {
		c.ix = indicators.NewIndex(c.latest(), c.id)
	}
	if c.stale > len(c.rows)/2 {
		c.rows = c.latest()
		c.pos, c.stale = positions(c.rows), 0
	}

	live := map[string]bool{}
	for _, id := range c.ix.ClubIDs() {
		live[id] = true
	}
	for e := c.plru.Front(); e != nil; e = e.Next() {
		p := e.Value.(*period)
		if all {
			clear(p.parts)
		}
		for id := range reached {
			if _, cached := p.parts[id]; !cached {
				continue // not asked for in this period; computed when it is
			}
			delete(p.parts, id)
			if !live[id] {
				continue
			}
			// Reopened: recomputed now (dropped when it left C).
			if cp, err := f.partial(c, id, p.key); err == nil && cp != nil {
				p.parts[id] = cp
			}
		}
		// The commune block (of periods whose commune answer was asked
		// for, not only a club's): partials summed, commune-wide figures
		// anew. Clubs newly in C are computed here.
		if p.answer == nil {
			continue
		}
		p.answer = nil
		if ans, err := f.assemble(c, p, indicators.Query{CommuneID: c.id, From: p.key.from, To: p.key.to}); err == nil {
			p.answer = ans
		}
	}
}

// reach adds to clubs the clubs whose partials the row version r can change,
// resolving the rows it names with look; it reports true when r reaches every
// club (a row of indicators.EveryClub, or of an entity the schema does not
// know). How a row reaches clubs is read from schema/entities.json: a club
// row reaches itself; a ref to a club reaches that club; a ref to another row
// reaches the clubs that row reaches, two refs deep (a repayment → its loan
// → the loan's member → the member's club).
func reach(r *indicators.Row, look func(string) *indicators.Row, clubs map[string]bool) bool {
	return reachDepth(r, look, clubs, 2)
}

func reachDepth(r *indicators.Row, look func(string) *indicators.Row, clubs map[string]bool, depth int) bool {
	if r == nil {
		return false
	}
	e, ok := entities.Entity(r.Entity)
	if !ok || slices.Contains(indicators.EveryClub, r.Entity) {
		return true
	}
	if e.Scope == "club_self" {
		clubs[r.ID] = true
	}
	for i := range e.Fields {
		f := &e.Fields[i]
		if f.Type != "ref" {
			continue
		}
		id := str(r, f.Name)
		switch {
		case id == "":
		case f.Ref == "club":
			clubs[id] = true
		case depth > 0:
			if reachDepth(look(id), look, clubs, depth-1) {
				return true
			}
		}
	}
	return false
}

// entities are schema/entities.json's, for reach.
var entities = schema.MustLoad()

func str(r *indicators.Row, f string) string {
	s, _ := r.Fields[f].(string)
	return s
}

func positions(rows []indicators.Row) map[string]int {
	pos := make(map[string]int, len(rows))
	for i := range rows {
		pos[rows[i].ID] = i
	}
	return pos
}

// clone gives the caller its own slices.
func clone(a *indicators.Answer) *indicators.Answer {
	out := *a
	out.Clubs = make([]indicators.ClubBlock, len(a.Clubs))
	for i, b := range a.Clubs {
		b.Indicators = slices.Clone(b.Indicators)
		out.Clubs[i] = b
	}
	if a.Commune != nil {
		cb := *a.Commune
		cb.Indicators = slices.Clone(cb.Indicators)
		out.Commune = &cb
	}
	return &out
}

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
