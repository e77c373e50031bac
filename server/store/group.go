package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	changes "clb/sync"
)

// Group commit: pushes that arrive while a transaction is being written wait
// in one queue, in arrival order, and the next transaction takes them all
// (up to groupMaxChanges changes): one BEGIN IMMEDIATE, one fsync at COMMIT,
// however many phones pushed. Each push runs in its own SAVEPOINT, so a push
// that fails (a storage fault, a panic) is rolled back alone and answered
// with its error while the others commit; each push is answered only after
// the commit that holds it, so an acknowledged change survives a crash.

// groupMaxChanges bounds one transaction: past it the rest wait for the next.
const groupMaxChanges = 5000

type pushReq struct {
	ctx  context.Context
	eng  *changes.Engine
	a    changes.Actor
	cs   []changes.Change
	out  []changes.Outcome
	err  error
	done chan struct{}
}

type committer struct {
	db      *DB
	q       chan *pushReq
	quit    chan struct{}
	stopped chan struct{}
	once    sync.Once // starts the loop
	mu      sync.RWMutex
	closed  bool

	groups atomic.Int64 // transactions committed (tests)
	// hold, when set (tests), runs before each group is written.
	hold func()
	// fail, when set (tests), makes one push of a group fail after its
	// changes were written, as a storage fault would.
	fail func(cs []changes.Change) error
}

// ErrClosed is returned for a push after Close.
var ErrClosed = errors.New("database closed")

func newCommitter(db *DB) *committer {
	return &committer{db: db, q: make(chan *pushReq, 4096), quit: make(chan struct{}), stopped: make(chan struct{})}
}

// push queues one push and waits for the commit that holds it.
func (c *committer) push(ctx context.Context, eng *changes.Engine, a changes.Actor, cs []changes.Change) ([]changes.Outcome, error) {
	r := &pushReq{ctx: context.WithoutCancel(ctx), eng: eng, a: a, cs: cs, done: make(chan struct{})}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return nil, ErrClosed
	}
	c.once.Do(func() { go c.loop() })
	c.db.waiting.Add(1) // until its group begins
	c.q <- r            // the loop keeps taking, so a full queue only slows this down
	c.mu.RUnlock()
	<-r.done // not ctx: once queued, the push is answered after its commit
	return r.out, r.err
}

// stop lets the loop finish the group being written and the pushes already
// queued, then ends it; later pushes hear ErrClosed.
func (c *committer) stop() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.mu.Unlock()
	close(c.quit)
	c.once.Do(func() { close(c.stopped) }) // a loop that never started
	<-c.stopped
}

func (c *committer) loop() {
	defer close(c.stopped)
	for {
		var first *pushReq
		select {
		case first = <-c.q:
		case <-c.quit:
			for {
				select {
				case r := <-c.q:
					c.write([]*pushReq{r})
				default:
					return
				}
			}
		}
		group := []*pushReq{first}
		n := len(first.cs)
	more:
		for n < groupMaxChanges {
			select {
			case r := <-c.q:
				group = append(group, r)
				n += len(r.cs)
			default:
				break more
			}
		}
		c.write(group)
	}
}

// write commits one group and answers its pushes.
func (c *committer) write(group []*pushReq) {
	if c.hold != nil {
		c.hold()
	}
	c.db.waiting.Add(-int64(len(group)))
	at := c.db.stamp()
	ok := 0
	err := c.db.Write(context.Background(), func(tx *Tx) error {
		stmts := map[string]*Stmt{}
		if len(group) == 1 {
			// Alone, a push needs no savepoint: its failure rolls back
			// the transaction, which holds nothing else (and a savepoint
			// costs SQLite a copy of every page it touches).
			r := group[0]
			r.out, r.err = c.alone(tx, r, at, stmts)
			return r.err
		}
		for i, r := range group {
			r.out, r.err = c.one(tx, r, i, at, stmts)
			if r.err == nil {
				ok++
			}
		}
		return nil
	})
	if err == nil {
		c.groups.Add(1)
	}
	for _, r := range group {
		if err != nil && r.err == nil {
			r.out, r.err = nil, err
		}
		close(r.done)
	}
}

// alone runs the only push of a group.
func (c *committer) alone(tx *Tx, r *pushReq, at string, stmts map[string]*Stmt) (out []changes.Outcome, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("push failed: %v", p)
		}
	}()
	out, err = applyInTx(r.ctx, tx, r.eng, r.a, r.cs, at, stmts)
	if err == nil && c.fail != nil {
		err = c.fail(r.cs)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// one runs a push inside its savepoint; on failure only its writes go.
func (c *committer) one(tx *Tx, r *pushReq, i int, at string, stmts map[string]*Stmt) (out []changes.Outcome, err error) {
	sp := fmt.Sprintf("push_%d", i)
	if _, err := tx.ExecContext(r.ctx, "SAVEPOINT "+sp); err != nil {
		return nil, fmt.Errorf("savepoint: %w: %w", ErrUnavailable, err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("push failed: %v", p)
		}
		if err != nil {
			out = nil
			if _, rerr := tx.ExecContext(r.ctx, "ROLLBACK TO SAVEPOINT "+sp); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		if _, rerr := tx.ExecContext(r.ctx, "RELEASE SAVEPOINT "+sp); rerr != nil && err == nil {
			out, err = nil, fmt.Errorf("release: %w: %w", ErrUnavailable, rerr)
		}
	}()
	out, err = applyInTx(r.ctx, tx, r.eng, r.a, r.cs, at, stmts)
	if err == nil && c.fail != nil {
		err = c.fail(r.cs)
	}
	return out, err
}
