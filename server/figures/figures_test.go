package figures

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/demo"
	"clb/server/indicators"
	"clb/server/store"
	changes "clb/sync"
)

// now is the demo's "today"; the engine's clock runs a day later so that the
// tests' own changes, stamped after the demo's, are not "ahead".
var now = time.Date(2026, 9, 15, 3, 0, 0, 0, time.UTC)

var admin = changes.Actor{Role: "admin", UserID: "t", Username: "t", DeviceID: "t"}

// periods asked for after every step: half-years, a year across a new year,
// a short period, the phase-2 boundary and a single day.
var periods = [][2]string{
	{"2026-01-01", "2026-06-30"},
	{"2026-01-01", "2026-09-15"},
	{"2025-07-01", "2026-06-30"},
	{"2026-07-01", "2026-09-30"},
	{"2025-01-01", "2025-12-31"},
	{"2026-08-08", "2026-08-08"},
}

// world pushes changes through the real engine into a real SQLite store and
// remembers the rows it knows of, to invent valid further changes.
type world struct {
	t    testing.TB
	ctx  context.Context
	db   *store.DB
	eng  *changes.Engine
	r    *rand.Rand
	hlc  int64                     // ms of the next HLC
	rows map[string]map[string]any // row id → fields (latest known)
	ent  map[string]string         // row id → entity
	ids  map[string][]string       // entity → row ids, creation order
	gone map[string]bool           // deleted or voided
}

func newWorld(t testing.TB, seed uint64) *world {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	eng := changes.New(schema.MustLoad())
	eng.Now = func() time.Time { return now.Add(24 * time.Hour) }
	return &world{t: t, ctx: ctx, db: db, eng: eng, r: rand.New(rand.NewPCG(seed, 7)), hlc: now.UnixMilli() + 1,
		rows: map[string]map[string]any{}, ent: map[string]string{}, ids: map[string][]string{}, gone: map[string]bool{}}
}

// loadDemo pushes a demo commune in batches of 1000 and returns its id.
func (w *world) loadDemo(seed int64) string {
	d := demo.Generate(now, seed)
	for i := 0; i < len(d.Changes); i += 1000 {
		batch := d.Changes[i:min(i+1000, len(d.Changes))]
		out, err := w.db.Push(w.ctx, w.eng, admin, batch)
		if err != nil {
			w.t.Fatal(err)
		}
		for k, o := range out {
			if o.Status != changes.Applied {
				w.t.Fatalf("demo change %d: %s %+v", i+k, o.Status, o.Error)
			}
			w.remember(batch[k])
		}
	}
	return d.Changes[0].RowID // the commune comes first
}

func (w *world) remember(c changes.Change) {
	if c.Op == "delete" {
		w.gone[c.RowID] = true
		return
	}
	var f map[string]any
	if err := json.Unmarshal(c.Fields, &f); err != nil {
		w.t.Fatal(err)
	}
	if old, ok := w.rows[c.RowID]; ok {
		for k, v := range f {
			old[k] = v
		}
		if f["voided_reason"] != nil {
			w.gone[c.RowID] = true
		}
		return
	}
	w.rows[c.RowID] = f
	w.ent[c.RowID] = c.Entity
	w.ids[c.Entity] = append(w.ids[c.Entity], c.RowID)
}

func (w *world) id() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], w.r.Uint64())
	binary.BigEndian.PutUint64(b[8:], w.r.Uint64())
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return uuid.UUID(b).String()
}

func (w *world) change(entity, rowID, op string, fields map[string]any) changes.Change {
	raw, _ := json.Marshal(fields)
	w.hlc++
	return changes.Change{ID: w.id(), Entity: entity, RowID: rowID, Op: op, Fields: raw, HLC: fmt.Sprintf("%013d-%04x-t", w.hlc, 0)}
}

// push pushes cs and returns what it touched, as the API does.
func (w *world) push(cs ...changes.Change) (communes, clubs map[string]bool) {
	out, err := w.db.Push(w.ctx, w.eng, admin, cs)
	if err != nil {
		w.t.Fatal(err)
	}
	communes, clubs = map[string]bool{}, map[string]bool{}
	for i, o := range out {
		if o.Status == changes.Applied || o.Status == changes.Superseded {
			w.remember(cs[i])
		}
		if o.Row != nil {
			communes[o.Row.CommuneID] = true
			if o.Row.ClubID != "" {
				clubs[o.Row.ClubID] = true
			}
		}
	}
	return communes, clubs
}

// pick returns a random known live row of the entity in the commune (by its
// club or commune_id), or "".
func (w *world) pick(entity, communeID string) string {
	var live []string
	for _, id := range w.ids[entity] {
		if !w.gone[id] && w.communeOf(id) == communeID {
			live = append(live, id)
		}
	}
	if len(live) == 0 {
		return ""
	}
	return live[w.r.IntN(len(live))]
}

func (w *world) communeOf(id string) string {
	f := w.rows[id]
	switch w.ent[id] {
	case "commune":
		return id
	case "club", "village", "training", "outreach", "target":
		s, _ := f["commune_id"].(string)
		return s
	}
	club, _ := f["club_id"].(string)
	s, _ := w.rows[club]["commune_id"].(string)
	return s
}

func (w *world) str(id, f string) string { s, _ := w.rows[id][f].(string); return s }

// day is a random date in [2024-06-01, 2026-09-30].
func (w *world) day() string {
	t := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	return t.AddDate(0, 0, w.r.IntN(852)).Format(time.DateOnly)
}

func (w *world) chance(p float64) bool { return w.r.Float64() < p }

func oneOf[T any](w *world, xs ...T) T { return xs[w.r.IntN(len(xs))] }

// step invents a few random changes in the commune.
func (w *world) step(cm string) []changes.Change {
	var cs []changes.Change
	club := w.pick("club", cm)
	member := func() string {
		if w.chance(0.15) {
			return w.pick("member", cm) // sometimes another club's member
		}
		var ms []string
		for _, id := range w.ids["member"] {
			if !w.gone[id] && w.str(id, "club_id") == club {
				ms = append(ms, id)
			}
		}
		if len(ms) == 0 {
			return ""
		}
		return ms[w.r.IntN(len(ms))]
	}
	if club == "" {
		return nil
	}
	switch k := w.r.IntN(17); k {
	case 0: // new member
		f := map[string]any{"club_id": club, "full_name": "Người " + w.id()[:6], "sex": oneOf(w, "female", "male"),
			"birth_year": 1940 + w.r.IntN(66), "joined_on": w.day(), "poverty": oneOf(w, "poor", "near_poor", "none"),
			"board_role": oneOf(w, "none", "none", "none", "treasurer", "board_member"), "loan_need": w.chance(0.4), "livelihood_group": w.chance(0.3)}
		if f["board_role"] != "none" && w.chance(0.5) {
			f["board_since"] = f["joined_on"]
		}
		cs = append(cs, w.change("member", w.id(), "upsert", f))
	case 1: // member update: leaves, becomes poor, board, needs a loan
		m := member()
		if m == "" {
			return nil
		}
		f := map[string]any{}
		switch w.r.IntN(4) {
		case 0:
			if j := w.str(m, "joined_on"); j != "" {
				t, _ := time.Parse(time.DateOnly, j)
				f["left_on"] = t.AddDate(0, 0, w.r.IntN(500)).Format(time.DateOnly)
			}
		case 1:
			f["poverty"] = oneOf(w, "poor", "near_poor", "none")
		case 2:
			f["board_role"] = oneOf(w, "none", "chair", "secretary")
		case 3:
			f["loan_need"] = w.chance(0.5)
			f["livelihood_group"] = w.chance(0.5)
		}
		cs = append(cs, w.change("member", m, "upsert", f))
	case 2: // meeting with attendance
		mt := w.id()
		areas := []string{"livelihoods", "health", "home_care", "self_help", "rights", "learning", "culture", "resources"}
		w.r.Shuffle(len(areas), func(i, j int) { areas[i], areas[j] = areas[j], areas[i] })
		f := map[string]any{"club_id": club, "held_on": w.day(), "areas": areas[:1+w.r.IntN(8)]}
		if w.chance(0.3) {
			f["topics"] = []string{oneOf(w, "digital", "green", "startup_jobs")}
		}
		cs = append(cs, w.change("meeting", mt, "upsert", f))
		for range 1 + w.r.IntN(6) {
			if m := member(); m != "" {
				cs = append(cs, w.change("attendance", changes.AttendanceID(mt, m), "upsert",
					map[string]any{"club_id": club, "meeting_id": mt, "member_id": m, "present": w.chance(0.8)}))
			}
		}
	case 3: // attendance on an existing meeting
		mt := w.pick("meeting", cm)
		m := member()
		if mt == "" || m == "" {
			return nil
		}
		cs = append(cs, w.change("attendance", changes.AttendanceID(mt, m), "upsert",
			map[string]any{"club_id": w.str(mt, "club_id"), "meeting_id": mt, "member_id": m, "present": w.chance(0.5)}))
	case 4: // loan
		m := member()
		if m == "" {
			return nil
		}
		d := w.day()
		t, _ := time.Parse(time.DateOnly, d)
		cs = append(cs, w.change("loan", w.id(), "upsert", map[string]any{"club_id": club, "member_id": m, "disbursed_on": d,
			"principal_vnd": 1_000_000 * (1 + w.r.IntN(20)), "term_months": 12, "monthly_rate_pct": 0.5, "purpose": "livestock",
			"due_on": t.AddDate(0, 1+w.r.IntN(12), 0).Format(time.DateOnly)}))
	case 5, 6: // repayment, often back-dated
		l := w.pick("loan", cm)
		if l == "" {
			return nil
		}
		cs = append(cs, w.change("repayment", w.id(), "upsert", map[string]any{"club_id": w.str(l, "club_id"), "loan_id": l,
			"paid_on": w.day(), "principal_vnd": 500_000 * w.r.IntN(6), "interest_vnd": 10_000 * (1 + w.r.IntN(30))}))
	case 7: // void a ledger row
		ent := oneOf(w, "loan", "repayment", "fund_entry", "health_check")
		id := w.pick(ent, cm)
		if id == "" {
			return nil
		}
		cs = append(cs, w.change(ent, id, "upsert", map[string]any{"voided_reason": "Nhập sai"}))
	case 8: // delete an lww row
		ent := oneOf(w, "member", "meeting", "attendance", "club_assessment", "training", "outreach", "target", "club")
		if ent == "club" && !w.chance(0.3) {
			ent = "meeting"
		}
		id := w.pick(ent, cm)
		if id == "" {
			return nil
		}
		cs = append(cs, w.change(ent, id, "delete", nil))
	case 9: // health check
		m := member()
		if m == "" {
			return nil
		}
		sys := 100 + w.r.IntN(100)
		cs = append(cs, w.change("health_check", w.id(), "upsert", map[string]any{"club_id": club, "member_id": m,
			"measured_on": w.day(), "systolic": sys, "diastolic": 60 + w.r.IntN(sys-60), "measured_by": "club"}))
	case 10: // fund entry
		cs = append(cs, w.change("fund_entry", w.id(), "upsert", map[string]any{"club_id": club, "fund": oneOf(w, "income_generation", "activity"),
			"entry_on": w.day(), "kind": oneOf(w, "contribution", "donation", "expense"), "amount_vnd": 100_000 * (1 + w.r.IntN(200))}))
	case 11: // target
		code, v := oneOf(w, "fund_floor_vnd", "loan_access_club_share", "full_activity_share"), any(nil)
		if code == "fund_floor_vnd" {
			v = 10_000_000 * (1 + w.r.IntN(8))
		} else {
			v = float64(w.r.IntN(11)) / 10
		}
		id := w.pick("target", cm)
		if id == "" || w.chance(0.5) {
			cs = append(cs, w.change("target", w.id(), "upsert", map[string]any{"commune_id": cm, "phase": "2026-2030", "indicator": code, "value": v}))
		} else {
			cs = append(cs, w.change("target", id, "upsert", map[string]any{"indicator": code, "value": v}))
		}
	case 12: // commune figures
		cs = append(cs, w.change("commune", cm, "upsert", map[string]any{"older_population": w.r.IntN(3000), "implementing_officers": w.r.IntN(8)}))
	case 13: // trainings
		if w.chance(0.5) {
			m := member()
			if m == "" {
				return nil
			}
			cs = append(cs, w.change("training", w.id(), "upsert", map[string]any{"commune_id": cm, "club_id": club, "member_id": m,
				"kind": oneOf(w, "initial", "refresher"), "held_on": w.day()}))
		} else {
			cs = append(cs, w.change("training", w.id(), "upsert", map[string]any{"commune_id": cm,
				"trainee_name": oneOf(w, "Nguyễn Văn A", "nguyễn  văn a", "Trần Thị B"), "kind": "officer_awareness", "held_on": w.day()}))
		}
	case 14: // outreach
		cs = append(cs, w.change("outreach", w.id(), "upsert", map[string]any{"commune_id": cm, "held_on": w.day(), "kind": "event",
			"title": "Truyền thông", "people_reached": w.r.IntN(300)}))
	case 15: // new club, or a club update
		if w.chance(0.5) {
			village := w.pick("village", cm)
			f := map[string]any{"commune_id": cm, "village_id": village, "name": "CLB " + w.id()[:4], "founded_on": w.day()}
			if w.chance(0.3) {
				f["interest_fund"] = "activity"
			}
			cs = append(cs, w.change("club", w.id(), "upsert", f))
		} else {
			f := map[string]any{}
			if w.chance(0.5) {
				f["name"] = "CLB " + w.id()[:4]
			} else {
				t, _ := time.Parse(time.DateOnly, w.str(club, "founded_on"))
				f["dissolved_on"] = t.AddDate(0, 1+w.r.IntN(30), 0).Format(time.DateOnly)
			}
			cs = append(cs, w.change("club", club, "upsert", f))
		}
	case 16: // assessment
		cs = append(cs, w.change("club_assessment", w.id(), "upsert", map[string]any{"club_id": club, "year": 2024 + w.r.IntN(3), "meets_standard": w.chance(0.6)}))
	}
	return cs
}

// check asks every period (and a club query) of Answer and compares with the
// full recomputation from the store.
func check(t testing.TB, f *Figures, cm, label string) {
	t.Helper()
	checkRows(t, f, cm, label, true)
}

// checkRows is check, comparing Rows with the store's rows too when withRows.
func checkRows(t testing.TB, f *Figures, cm, label string, withRows bool) {
	t.Helper()
	ctx := context.Background()
	rows, err := f.fullRows(ctx, cm)
	if err != nil {
		t.Fatal(err)
	}
	// What indicators.Compute does with q.CommuneID set, indexing once.
	ix := indicators.NewIndex(rows, cm)
	for k, p := range periods {
		q := indicators.Query{CommuneID: cm, From: p[0], To: p[1]}
		got, err := f.Answer(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ix.Compute(q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			a, _ := json.Marshal(got)
			b, _ := json.Marshal(want)
			t.Fatalf("%s %v: cached answer differs from the full recomputation:\n got  %s\n want %s", label, p, a, b)
		}
		if withRows && k%3 == 0 {
			// Full reads only the period's readings and attendance, and
			// decodes on its own path: the same answer (two periods here;
			// TestFullEqualsSlowOnSeededCommune asks many).
			full, err := f.Full(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(full, want) {
				a, _ := json.Marshal(full)
				b, _ := json.Marshal(want)
				t.Fatalf("%s %v: Full differs from Compute over every row:\n got  %s\n want %s", label, p, a, b)
			}
		}
		if len(want.Clubs) > 0 {
			q.ClubID = want.Clubs[len(want.Clubs)-1].ClubID
			got, _ := f.Answer(ctx, q)
			want, _ := ix.Compute(q)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s %v club %s: cached answer differs", label, p, q.ClubID)
			}
		}
	}
	if !withRows {
		return
	}
	got, err := f.Rows(ctx, cm)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Fatalf("%s: Rows differs from the store's rows (%d, %d rows)", label, len(got), len(rows))
	}
}

// TestAnswerEqualsFull: on two demo communes, random pushes (members,
// meetings, loans, back-dated repayments, voids, deletes, targets, clubs…)
// each followed by Touched — now and then not, as when the CLI writes from
// another process — leave every cached answer equal to the full
// recomputation.
func TestAnswerEqualsFull(t *testing.T) {
	w := newWorld(t, 1)
	a, b := w.loadDemo(1), w.loadDemo(2)
	f := New(w.db)
	check(t, f, a, "demo a")
	check(t, f, b, "demo b")
	steps := 80
	if testing.Short() {
		steps = 25
	}
	applied := 0
	for i := range steps {
		cm := a
		if w.chance(0.25) {
			cm = b
		}
		cs := w.step(cm)
		if len(cs) == 0 {
			continue
		}
		communes, clubs := w.push(cs...)
		applied += len(communes)
		if !w.chance(0.1) {
			f.Touched(w.ctx, communes, clubs)
		}
		checkRows(t, f, a, fmt.Sprintf("step %d (%s)", i, cs[0].Entity), i%10 == 0)
		if i%10 == 0 || cm == b {
			checkRows(t, f, b, fmt.Sprintf("step %d b (%s)", i, cs[0].Entity), i%10 == 0)
		}
	}
	if applied < steps/2 {
		t.Fatalf("only %d of %d steps wrote a row: the generator is off", applied, steps)
	}
}

// TestOnlyTouchedClubsRecomputed counts the partials computed: a push to one
// club recomputes that club for each cached period and no other; a target
// reaches every club; the commune row and outreach reach none, yet the
// commune block follows them.
func TestOnlyTouchedClubsRecomputed(t *testing.T) {
	w := newWorld(t, 2)
	cm := w.loadDemo(3)
	f := New(w.db)
	var mu sync.Mutex
	count := map[string]int{} // club id → partials computed
	f.recomputed = func(_, club, _, _ string) {
		mu.Lock()
		count[club]++
		mu.Unlock()
	}
	reset := func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		c := count
		count = map[string]int{}
		return c
	}
	asked := periods[:3]
	cached := func() int { return f.get(cm, false).plru.Len() }
	ask := func() {
		for _, p := range asked {
			if _, err := f.Answer(w.ctx, indicators.Query{CommuneID: cm, From: p[0], To: p[1]}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ask()
	first := reset()
	clubs := w.ids["club"]
	if len(first) != 3 {
		t.Fatalf("first answers computed clubs %v", first)
	}
	ask()
	if c := reset(); len(c) != 0 {
		t.Fatalf("cached answers recomputed %v", c)
	}
	club := clubs[1]
	// A back-dated repayment of one of the club's loans.
	var loan string
	for _, id := range w.ids["loan"] {
		if w.str(id, "club_id") == club && !w.gone[id] {
			loan = id
		}
	}
	if loan == "" {
		t.Fatal("no loan in the club")
	}
	communes, touched := w.push(w.change("repayment", w.id(), "upsert", map[string]any{"club_id": club, "loan_id": loan,
		"paid_on": "2025-10-01", "principal_vnd": 100_000, "interest_vnd": 5_000}))
	f.Touched(w.ctx, communes, touched)
	if c := reset(); !reflect.DeepEqual(c, map[string]int{club: len(asked)}) {
		t.Fatalf("after a repayment in club %s: recomputed %v", club, c)
	}
	ask()
	if c := reset(); len(c) != 0 {
		t.Fatalf("answers after Touched recomputed %v", c)
	}
	check(t, f, cm, "after repayment")
	reset()

	// A member's health check recorded under another club's id reaches the
	// member's club too.
	var member string
	for _, id := range w.ids["member"] {
		if w.str(id, "club_id") == clubs[2] && !w.gone[id] {
			member = id
		}
	}
	communes, touched = w.push(w.change("health_check", w.id(), "upsert", map[string]any{"club_id": clubs[0], "member_id": member,
		"measured_on": "2026-03-03", "systolic": 190, "diastolic": 100, "measured_by": "club"}))
	f.Touched(w.ctx, communes, touched)
	if c := reset(); !reflect.DeepEqual(c, map[string]int{clubs[0]: cached(), clubs[2]: cached()}) {
		t.Fatalf("after a health check: recomputed %v", c)
	}
	check(t, f, cm, "after health check")
	reset()

	// Commune-wide rows: no club recomputed.
	communes, touched = w.push(w.change("commune", cm, "upsert", map[string]any{"older_population": 999}),
		w.change("outreach", w.id(), "upsert", map[string]any{"commune_id": cm, "held_on": "2026-02-02", "kind": "media", "title": "Loa", "people_reached": 77}))
	f.Touched(w.ctx, communes, touched)
	if c := reset(); len(c) != 0 {
		t.Fatalf("after commune-wide rows: recomputed %v", c)
	}
	check(t, f, cm, "after commune row")
	reset()

	// A target: every club.
	communes, touched = w.push(w.change("target", w.id(), "upsert", map[string]any{"commune_id": cm, "phase": "2026-2030", "indicator": "fund_floor_vnd", "value": 1_000_000}))
	f.Touched(w.ctx, communes, touched)
	c := reset()
	if len(c) != 3 {
		t.Fatalf("after a target: recomputed %v", c)
	}
	for _, n := range c {
		if n != cached() {
			t.Fatalf("after a target: recomputed %v", c)
		}
	}
	check(t, f, cm, "after target")

	// A period asked for one club only: a push to another club computes
	// nothing for it.
	reset()
	if _, err := f.Answer(w.ctx, indicators.Query{CommuneID: cm, ClubID: club, From: "2026-02-01", To: "2026-02-28"}); err != nil {
		t.Fatal(err)
	}
	if c := reset(); !reflect.DeepEqual(c, map[string]int{club: 1}) {
		t.Fatalf("a club query computed %v", c)
	}
	communes, touched = w.push(w.change("club_assessment", w.id(), "upsert", map[string]any{"club_id": clubs[0], "year": 2025, "meets_standard": true}))
	f.Touched(w.ctx, communes, touched)
	if c := reset(); !reflect.DeepEqual(c, map[string]int{clubs[0]: cached() - 1}) {
		t.Fatalf("after an assessment: recomputed %v (%d periods cached)", c, cached())
	}
	check(t, f, cm, "after assessment")

	// A write Touched never hears of (the CLI, another process) is seen by
	// the next answer, which recomputes only the club it reached.
	reset()
	w.push(w.change("meeting", w.id(), "upsert", map[string]any{"club_id": club, "held_on": "2026-01-20", "areas": []string{"health"}, "topics": []string{"green"}}))
	ask()
	if c := reset(); !reflect.DeepEqual(c, map[string]int{club: cached()}) {
		t.Fatalf("after an unannounced meeting: recomputed %v", c)
	}
	check(t, f, cm, "after unannounced meeting")
}

// TestConcurrent: answers asked while pushes run stay consistent (run with
// -race), and the last answers equal the full recomputation.
func TestConcurrent(t *testing.T) {
	w := newWorld(t, 3)
	cm := w.loadDemo(4)
	f := New(w.db)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := periods[(g+i)%len(periods)]
				if _, err := f.Answer(context.Background(), indicators.Query{CommuneID: cm, From: p[0], To: p[1]}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range 30 {
		if cs := w.step(cm); len(cs) > 0 {
			communes, clubs := w.push(cs...)
			f.Touched(w.ctx, communes, clubs)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	check(t, f, cm, "after concurrent pushes")
}

// TestBounds: the period cache and the commune cache stay bounded, and a
// bad period is an error that caches nothing.
func TestBounds(t *testing.T) {
	w := newWorld(t, 4)
	cm := w.loadDemo(5)
	f := New(w.db)
	if _, err := f.Answer(w.ctx, indicators.Query{CommuneID: cm, From: "2026-05-01", To: "2026-04-01"}); err == nil {
		t.Fatal("reversed period accepted")
	}
	for d := range maxPeriods + 10 {
		to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.DateOnly)
		if _, err := f.Answer(w.ctx, indicators.Query{CommuneID: cm, From: "2026-01-01", To: to}); err != nil {
			t.Fatal(err)
		}
	}
	c := f.get(cm, false)
	if len(c.periods) != maxPeriods || c.plru.Len() != maxPeriods {
		t.Fatalf("%d periods cached", len(c.periods))
	}
	for i := range maxCommunes + 5 {
		if _, err := f.Answer(w.ctx, indicators.Query{CommuneID: fmt.Sprintf("none-%d", i), From: "2026-01-01", To: "2026-01-31"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.communes) != maxCommunes || f.get(cm, false) != nil {
		t.Fatalf("%d communes cached", len(f.communes))
	}
	check(t, f, cm, "reloaded")
	// An unknown commune answers as the full recomputation does.
	check(t, f, "none-x", "unknown commune")
}

// BenchmarkAnswer compares, on the demo commune, the cached answer (after a
// one-row push and its Touched, and with nothing changed) with the full
// recomputation from the store.
func BenchmarkAnswer(b *testing.B) {
	w := newWorld(b, 5)
	cm := w.loadDemo(1)
	f := New(w.db)
	ctx := context.Background()
	q := indicators.Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"}
	for _, p := range periods {
		if _, err := f.Answer(ctx, indicators.Query{CommuneID: cm, From: p[0], To: p[1]}); err != nil {
			b.Fatal(err)
		}
	}
	clubs := w.ids["club"]
	sort.Strings(clubs)
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.Full(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.Answer(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	// One push of one health check, Touched (recomputing one club for the
	// cached periods), then the answer.
	b.Run("push+touched+answer", func(b *testing.B) {
		var member string
		for _, id := range w.ids["member"] {
			if w.str(id, "club_id") == clubs[0] {
				member = id
			}
		}
		for b.Loop() {
			communes, touched := w.push(w.change("health_check", w.id(), "upsert", map[string]any{"club_id": clubs[0], "member_id": member,
				"measured_on": "2026-03-03", "systolic": 130, "diastolic": 80, "measured_by": "club"}))
			f.Touched(ctx, communes, touched)
			if _, err := f.Answer(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The same with the push's own time left out.
	b.Run("touched+answer", func(b *testing.B) {
		var member string
		for _, id := range w.ids["member"] {
			if w.str(id, "club_id") == clubs[0] {
				member = id
			}
		}
		for b.Loop() {
			b.StopTimer()
			communes, touched := w.push(w.change("health_check", w.id(), "upsert", map[string]any{"club_id": clubs[0], "member_id": member,
				"measured_on": "2026-03-03", "systolic": 130, "diastolic": 80, "measured_by": "club"}))
			b.StartTimer()
			f.Touched(ctx, communes, touched)
			if _, err := f.Answer(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("push+full", func(b *testing.B) {
		var member string
		for _, id := range w.ids["member"] {
			if w.str(id, "club_id") == clubs[0] {
				member = id
			}
		}
		for b.Loop() {
			w.push(w.change("health_check", w.id(), "upsert", map[string]any{"club_id": clubs[0], "member_id": member,
				"measured_on": "2026-03-03", "systolic": 130, "diastolic": 80, "measured_by": "club"}))
			if _, err := f.Full(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
}
