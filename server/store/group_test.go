package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	changes "clb/sync"
)

func communeChange(n int) changes.Change {
	return changes.Change{ID: uuid.NewString(), Entity: "commune", RowID: uuid.NewString(), Op: "upsert",
		Fields: fmt.Appendf(nil, `{"name":"Xã %d","province":"Tỉnh"}`, n),
		HLC:    fmt.Sprintf("%013d-0000-test", time.Now().Add(-time.Minute).UnixMilli())}
}

// queued pushes cs in the background once the queue holds want-1 pushes, and
// returns when it holds want: pushes enter in the order of the calls.
func queued(t *testing.T, db *DB, wg *sync.WaitGroup, want int, cs []changes.Change, res *[]changes.Outcome, errp *error) {
	t.Helper()
	eng := changes.New(schema.MustLoad())
	admin := changes.Actor{UserID: "t", Username: "t", Role: changes.RoleAdmin, DeviceID: "test"}
	wg.Add(1)
	go func() {
		defer wg.Done()
		*res, *errp = db.Push(context.Background(), eng, admin, cs)
	}()
	for i := 0; len(db.group.q) < want; i++ {
		if i > 5000 {
			t.Fatalf("push %d never queued", want)
		}
		time.Sleep(time.Millisecond)
	}
}

// heldStore opens a store whose first group of pushes waits, once entered
// (entered receives), until release is closed: the pushes sent meanwhile
// queue behind it and form the next group.
func heldStore(t *testing.T) (db *DB, entered <-chan struct{}, release chan struct{}) {
	t.Helper()
	db, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	release = make(chan struct{})
	in := make(chan struct{}, 1)
	db.group.hold = func() {
		select {
		case in <- struct{}{}:
			<-release
		default:
		}
	}
	return db, in, release
}

// TestGroupCommit: pushes that wait while a group is written are committed
// together in one transaction, in arrival order (seq follows it), and each is
// answered per change.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	db, entered, release := heldStore(t)
	const n = 20
	var wg sync.WaitGroup
	cs := make([][]changes.Change, n+1)
	res := make([][]changes.Outcome, n+1)
	errs := make([]error, n+1)
	cs[0] = []changes.Change{communeChange(0)}
	queued(t, db, &wg, 0, cs[0], &res[0], &errs[0])
	<-entered
	for i := 1; i <= n; i++ {
		cs[i] = []changes.Change{communeChange(i), communeChange(i)}
		cs[i][1].ID = cs[i][0].ID // the second is a duplicate within the push
		queued(t, db, &wg, i, cs[i], &res[i], &errs[i])
	}
	close(release)
	wg.Wait()
	if g := db.group.groups.Load(); g != 2 {
		t.Errorf("%d transactions for 1 + %d pushes, want 2", g, n)
	}
	var last int64
	for i := 0; i <= n; i++ {
		if errs[i] != nil {
			t.Fatalf("push %d: %v", i, errs[i])
		}
		if res[i][0].Status != changes.Applied || i > 0 && res[i][1].Status != changes.Duplicate {
			t.Errorf("push %d: %+v", i, res[i])
		}
		var seq int64
		if err := db.r.QueryRowContext(ctx, `SELECT seq FROM rows WHERE id = ?`, cs[i][0].RowID).Scan(&seq); err != nil {
			t.Fatal(err)
		}
		if seq <= last {
			t.Errorf("push %d has seq %d after %d: not in arrival order", i, seq, last)
		}
		last = seq
	}
}

// TestGroupFailingPush: a push that fails inside a group is rolled back
// alone (nothing of it written or logged) and answered with its error; the
// pushes before and after it in the group commit.
func TestGroupFailingPush(t *testing.T) {
	ctx := context.Background()
	db, entered, release := heldStore(t)
	boom := errors.New("disk on fire")
	bad := communeChange(99)
	db.group.fail = func(cs []changes.Change) error {
		if cs[0].ID == bad.ID {
			return boom
		}
		return nil
	}
	var wg sync.WaitGroup
	cs := [][]changes.Change{{communeChange(0)}, {communeChange(1)}, {bad}, {communeChange(3)}}
	res := make([][]changes.Outcome, len(cs))
	errs := make([]error, len(cs))
	queued(t, db, &wg, 0, cs[0], &res[0], &errs[0])
	<-entered
	for i := 1; i < len(cs); i++ {
		queued(t, db, &wg, i, cs[i], &res[i], &errs[i])
	}
	close(release)
	wg.Wait()
	for i := range cs {
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM rows WHERE id = ?`, cs[i][0].RowID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		var logged int
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM change_log WHERE id = ?`, cs[i][0].ID).Scan(&logged); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if !errors.Is(errs[i], boom) || res[i] != nil || n != 0 || logged != 0 {
				t.Errorf("failing push: err %v, answer %v, row %d, logged %d", errs[i], res[i], n, logged)
			}
			continue
		}
		if errs[i] != nil || res[i][0].Status != changes.Applied || n != 1 || logged != 1 {
			t.Errorf("push %d: err %v, answer %+v, row %d, logged %d", i, errs[i], res[i], n, logged)
		}
	}
	// The failed change was not logged: sent again, it applies.
	db.group.fail = nil
	out, err := db.Push(ctx, changes.New(schema.MustLoad()), changes.Actor{UserID: "t", Role: changes.RoleAdmin, DeviceID: "test"}, []changes.Change{bad})
	if err != nil || out[0].Status != changes.Applied {
		t.Errorf("re-sent: %v %+v", err, out)
	}
}

// TestPushAfterClose: a closed database refuses pushes instead of hanging.
func TestPushAfterClose(t *testing.T) {
	db, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = db.Push(context.Background(), changes.New(schema.MustLoad()), changes.Actor{Role: changes.RoleAdmin}, []changes.Change{communeChange(1)})
	if !errors.Is(err, ErrClosed) {
		t.Errorf("push after close: %v", err)
	}
}

// TestAloneFailingPush: a push alone in its group that fails leaves nothing
// written or logged (no savepoint: the transaction rolls back).
func TestAloneFailingPush(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	boom := errors.New("disk on fire")
	db.group.fail = func([]changes.Change) error { return boom }
	c := communeChange(1)
	out, err := db.Push(ctx, changes.New(schema.MustLoad()), changes.Actor{UserID: "t", Role: changes.RoleAdmin, DeviceID: "test"}, []changes.Change{c})
	if !errors.Is(err, boom) || out != nil {
		t.Fatalf("push: %v %v", out, err)
	}
	var rows, logged int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM rows WHERE id = ?`, c.RowID).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM change_log WHERE id = ?`, c.ID).Scan(&logged); err != nil {
		t.Fatal(err)
	}
	if rows != 0 || logged != 0 {
		t.Errorf("a failed push left %d rows and %d log entries", rows, logged)
	}
}
