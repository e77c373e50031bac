package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"clb/schema"
)

var (
	uuidRe  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	hlcRe   = regexp.MustCompile(`^([0-9]{13})-0000-demo$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9]{8,15}$`)
)

var testNows = []time.Time{
	time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC),
	time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), // already 1 January 2026 in Hà Nội
	time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC),
	time.Date(2027, 7, 31, 16, 59, 59, 0, time.UTC),
	time.Date(2028, 2, 29, 3, 0, 0, 0, time.UTC),
}

func TestDeterministic(t *testing.T) {
	now := testNows[0]
	a, b := Generate(now, 7), Generate(now, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same (now, seed) gave different data")
	}
	c := Generate(now, 8)
	if reflect.DeepEqual(a.Changes, c.Changes) {
		t.Fatal("another seed gave the same changes")
	}
}

func TestUsers(t *testing.T) {
	d := Generate(testNows[0], 1)
	want := map[string]string{"admin": "admin", "canbo": "commune_officer", "ytexa": "health_worker", "bcn1": "club_board", "bcn2": "club_board", "bcn3": "club_board"}
	if len(d.Users) != len(want) {
		t.Fatalf("%d users, want %d", len(d.Users), len(want))
	}
	rows := map[string]string{} // row id → entity
	for _, c := range d.Changes {
		rows[c.RowID] = c.Entity
	}
	clubsSeen := map[string]bool{}
	for _, u := range d.Users {
		if want[u.Username] != u.Role {
			t.Errorf("user %s has role %s", u.Username, u.Role)
		}
		if u.Password != "demo-2026" || u.FullName == "" || !norm.NFC.IsNormalString(u.FullName) {
			t.Errorf("user %s: password %q full name %q", u.Username, u.Password, u.FullName)
		}
		if u.Role == "admin" {
			if u.CommuneID != nil || len(u.ClubIDs) != 0 {
				t.Errorf("admin has a commune or clubs")
			}
			continue
		}
		if u.CommuneID == nil || rows[*u.CommuneID] != "commune" {
			t.Errorf("user %s: commune %v", u.Username, u.CommuneID)
		}
		if u.Role == "club_board" {
			if len(u.ClubIDs) != 1 || rows[u.ClubIDs[0]] != "club" || clubsSeen[u.ClubIDs[0]] {
				t.Errorf("user %s: clubs %v", u.Username, u.ClubIDs)
			}
			clubsSeen[u.ClubIDs[0]] = true
		} else if u.ClubIDs == nil || len(u.ClubIDs) != 0 {
			t.Errorf("user %s: clubs %v, want []", u.Username, u.ClubIDs)
		}
	}
}

func TestChangesValid(t *testing.T) {
	sch, err := schema.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, now := range testNows {
		for _, seed := range []int64{1, 2, 2026} {
			t.Run(fmt.Sprintf("%s/%d", now.Format(time.RFC3339), seed), func(t *testing.T) {
				checkData(t, sch, now, Generate(now, seed))
			})
		}
	}
}

type row struct {
	entity string
	f      map[string]any
}

func checkData(t *testing.T, sch *schema.Schema, now time.Time, d Data) {
	t.Helper()
	local := now.In(time.FixedZone("ICT", 7*3600))
	today := local.Format("2006-01-02")
	year := local.Year()

	rows := map[string]*row{}
	var order []string
	changeIDs := map[string]bool{}
	lastMS := int64(-1)
	for i, c := range d.Changes {
		where := fmt.Sprintf("change %d (%s %s)", i, c.Entity, c.RowID)
		if !uuidRe.MatchString(c.ID) || !uuidRe.MatchString(c.RowID) {
			t.Fatalf("%s: id %q / row id not canonical", where, c.ID)
		}
		if changeIDs[c.ID] {
			t.Fatalf("%s: change id repeated", where)
		}
		changeIDs[c.ID] = true
		if c.Op != "upsert" {
			t.Fatalf("%s: op %q", where, c.Op)
		}
		m := hlcRe.FindStringSubmatch(c.HLC)
		if m == nil {
			t.Fatalf("%s: hlc %q", where, c.HLC)
		}
		ms, _ := strconv.ParseInt(m[1], 10, 64)
		if ms <= lastMS || ms > now.UnixMilli() || ms < now.UnixMilli()-24*3600*1000 {
			t.Fatalf("%s: hlc %q out of order or range", where, c.HLC)
		}
		lastMS = ms
		ent, ok := sch.Entity(c.Entity)
		if !ok {
			t.Fatalf("%s: unknown entity", where)
		}
		if _, dup := rows[c.RowID]; dup {
			t.Fatalf("%s: row written twice", where)
		}
		dec := json.NewDecoder(bytes.NewReader(c.Fields))
		dec.UseNumber()
		var f map[string]any
		if err := dec.Decode(&f); err != nil || f == nil {
			t.Fatalf("%s: fields not an object: %v", where, err)
		}
		for name := range f {
			if _, ok := ent.Field(name); !ok {
				t.Fatalf("%s: unknown field %q", where, name)
			}
		}
		for _, fd := range ent.Fields {
			v, present := f[fd.Name]
			if !present || v == nil {
				if fd.Required {
					t.Fatalf("%s: required field %q missing", where, fd.Name)
				}
				continue
			}
			maxDate := today
			if fd.Name == "due_on" || fd.Name == "follow_up_on" {
				// A running loan falls due in the future, a supervision
				// visit's follow-up is planned; every other date records
				// something that has happened.
				maxDate = "2100-12-31"
			}
			if err := checkValue(fd, v, year, maxDate); err != nil {
				t.Fatalf("%s: field %s: %v", where, fd.Name, err)
			}
			if fd.Type == "ref" {
				target, ok := rows[v.(string)]
				if !ok {
					t.Fatalf("%s: %s %s not written earlier", where, fd.Name, v)
				}
				if target.entity != fd.Ref {
					t.Fatalf("%s: %s names a %s, want %s", where, fd.Name, target.entity, fd.Ref)
				}
			}
		}
		for _, r := range ent.Rules {
			if err := checkRule(r, c.RowID, f, rows); err != nil {
				t.Fatalf("%s: rule %s: %v", where, r.Kind, err)
			}
		}
		rows[c.RowID] = &row{c.Entity, f}
		order = append(order, c.RowID)
	}
	checkDomain(t, rows, order, today, year)
}

func checkValue(fd schema.Field, v any, year int, today string) error {
	num := func() (float64, error) {
		n, ok := v.(json.Number)
		if !ok {
			return 0, fmt.Errorf("not a number: %#v", v)
		}
		x, err := n.Float64()
		if err != nil {
			return 0, err
		}
		if fd.Min != nil && x < *fd.Min {
			return 0, fmt.Errorf("%v below %v", x, *fd.Min)
		}
		max := fd.Max
		if fd.MaxCurrentYear {
			y := float64(year)
			max = &y
		}
		if max != nil && x > *max {
			return 0, fmt.Errorf("%v above %v", x, *max)
		}
		return x, nil
	}
	switch fd.Type {
	case "text":
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) != s || s == "" || len([]rune(s)) > fd.MaxLen || !norm.NFC.IsNormalString(s) {
			return fmt.Errorf("bad text %q", v)
		}
		for _, r := range s {
			if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
				return fmt.Errorf("control character in %q", s)
			}
		}
	case "integer":
		x, err := num()
		if err != nil {
			return err
		}
		if x != math.Trunc(x) {
			return fmt.Errorf("not integral: %v", x)
		}
	case "decimal":
		if _, err := num(); err != nil {
			return err
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("not a bool: %#v", v)
		}
	case "date":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("not a string: %#v", v)
		}
		d, err := time.Parse("2006-01-02", s)
		if err != nil || d.Format("2006-01-02") != s || d.Year() < 1900 {
			return fmt.Errorf("bad date %q", s)
		}
		if s > today {
			return fmt.Errorf("date %s after today %s", s, today)
		}
	case "code":
		s, _ := v.(string)
		if !contains(fd.Values, s) {
			return fmt.Errorf("bad code %#v", v)
		}
	case "list":
		xs, ok := v.([]any)
		if !ok || len(xs) < fd.MinItems {
			return fmt.Errorf("bad list %#v", v)
		}
		seen := map[string]bool{}
		for _, x := range xs {
			s, _ := x.(string)
			if !contains(fd.Values, s) || seen[s] {
				return fmt.Errorf("bad or repeated code %#v", x)
			}
			seen[s] = true
		}
	case "ref":
		s, _ := v.(string)
		if !uuidRe.MatchString(s) {
			return fmt.Errorf("bad ref %#v", v)
		}
	case "phone":
		s, _ := v.(string)
		if !phoneRe.MatchString(s) {
			return fmt.Errorf("bad phone %#v", v)
		}
	default:
		return fmt.Errorf("unknown type %s", fd.Type)
	}
	return nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func numOf(v any) float64 {
	n, _ := v.(json.Number)
	x, _ := n.Float64()
	return x
}

func checkRule(r schema.Rule, rowID string, f map[string]any, rows map[string]*row) error {
	switch r.Kind {
	case "compare":
		a, aok := f[r.Field]
		b, bok := f[r.Other]
		if !aok || !bok || a == nil || b == nil {
			return nil
		}
		var c int
		if as, ok := a.(string); ok {
			c = strings.Compare(as, b.(string))
		} else {
			x, y := numOf(a), numOf(b)
			c = map[bool]int{true: -1, false: 1}[x < y]
			if x == y {
				c = 0
			}
		}
		ok := map[string]bool{">": c > 0, ">=": c >= 0, "<": c < 0, "<=": c <= 0}[r.Op]
		if !ok {
			return fmt.Errorf("%s %v %s %s %v fails", r.Field, a, r.Op, r.Other, b)
		}
	case "any_positive":
		for _, n := range r.Fields {
			if numOf(f[n]) > 0 {
				return nil
			}
		}
		return fmt.Errorf("no positive amount")
	case "exactly_one":
		n := 0
		for _, k := range r.Fields {
			if f[k] != nil {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("%d of %v", n, r.Fields)
		}
	case "required_when":
		if k, _ := f[r.When.Field].(string); contains(r.When.In, k) && f[r.Field] == nil {
			return fmt.Errorf("%s missing", r.Field)
		}
	case "club_in_commune", "village_in_commune":
		if id, ok := f[r.Field].(string); ok {
			if cl := rows[id]; cl == nil || cl.f["commune_id"] != f["commune_id"] {
				return fmt.Errorf("%s %s not in commune", r.Field, id)
			}
		}
	case "target_value":
		v := numOf(f["value"])
		if ind, _ := f["indicator"].(string); strings.HasSuffix(ind, "_share") {
			if v < 0 || v > 1 {
				return fmt.Errorf("share %v", v)
			}
		} else if v < 0 || v != math.Trunc(v) {
			return fmt.Errorf("count %v", v)
		}
	case "derived_id":
		var parts []string
		for _, k := range r.From {
			parts = append(parts, f[k].(string))
		}
		want := uuid.NewSHA1(uuid.MustParse(r.Namespace), []byte(strings.Join(parts, "/"))).String()
		if rowID != want {
			return fmt.Errorf("id %s, want %s", rowID, want)
		}
	default:
		return fmt.Errorf("unknown rule kind")
	}
	return nil
}

// checkDomain checks the make-up the demo promises.
func checkDomain(t *testing.T, rows map[string]*row, order []string, today string, year int) {
	t.Helper()
	count := map[string]int{}
	type clubStat struct {
		members, women, older, board int
		loans, repaidLoans, overdue  int
		meetings, allAreas, topics   int
		volunteers, visits, loanNeed int
	}
	stats := map[string]*clubStat{}
	for _, id := range order {
		r := rows[id]
		count[r.entity]++
		if r.entity == "club" {
			stats[id] = &clubStat{}
		}
	}
	if count["commune"] != 1 || count["village"] < 4 || count["village"] > 5 || count["club"] != 3 {
		t.Fatalf("counts %v", count)
	}
	paid := map[string]int64{}
	attended := map[string]int{}
	severe, high, station := 0, 0, 0
	for _, id := range order {
		r := rows[id]
		f := r.f
		switch r.entity {
		case "member":
			s := stats[f["club_id"].(string)]
			s.members++
			if f["sex"] == "female" {
				s.women++
			}
			if year-int(numOf(f["birth_year"])) >= 60 {
				s.older++
			}
			if f["board_role"] != "none" {
				s.board++
				if f["board_since"] == nil {
					t.Errorf("board member without board_since")
				}
			}
			if f["consent_on"] == nil {
				t.Errorf("member without consent_on")
			}
			if f["home_care_volunteer"] == true {
				s.volunteers++
			}
			if f["loan_need"] == true {
				s.loanNeed++
			}
		case "meeting":
			s := stats[f["club_id"].(string)]
			s.meetings++
			if len(f["areas"].([]any)) == 8 {
				s.allAreas++
			}
			if ts, ok := f["topics"].([]any); ok && len(ts) > 0 {
				s.topics++
			}
		case "attendance":
			attended[f["meeting_id"].(string)]++
			if rows[f["member_id"].(string)].f["club_id"] != f["club_id"] || rows[f["meeting_id"].(string)].f["club_id"] != f["club_id"] {
				t.Errorf("attendance across clubs")
			}
		case "repayment":
			paid[f["loan_id"].(string)] += int64(numOf(f["principal_vnd"]))
		case "health_check":
			sys, dia := numOf(f["systolic"]), numOf(f["diastolic"])
			if sys >= 180 || dia >= 110 {
				severe++
			} else if sys >= 140 || dia >= 90 {
				high++
			}
			if f["measured_by"] == "health_station" {
				station++
			}
		case "home_visit":
			stats[f["club_id"].(string)].visits++
		}
	}
	for _, id := range order {
		r := rows[id]
		if r.entity == "meeting" && attended[id] < 20 {
			t.Errorf("meeting %s has %d attendance rows", id, attended[id])
		}
		if r.entity != "loan" {
			continue
		}
		s := stats[r.f["club_id"].(string)]
		s.loans++
		p := int64(numOf(r.f["principal_vnd"]))
		if p < 5000000 || p > 10000000 {
			t.Errorf("loan principal %d", p)
		}
		switch {
		case paid[id] > p:
			t.Errorf("loan %s repaid %d of %d", id, paid[id], p)
		case paid[id] == p:
			s.repaidLoans++
		case r.f["due_on"].(string) < today:
			s.overdue++
		}
	}
	var repaid, overdue int
	for id, s := range stats {
		if s.members < 40 || s.members > 60 || s.board != 5 {
			t.Errorf("club %s: %d members, board %d", id, s.members, s.board)
		}
		if w := float64(s.women) / float64(s.members); w < 0.58 || w > 0.72 {
			t.Errorf("club %s: women %.2f", id, w)
		}
		if o := float64(s.older) / float64(s.members); o < 0.58 || o > 0.72 {
			t.Errorf("club %s: 60+ %.2f", id, o)
		}
		if s.allAreas < s.meetings/2 || s.allAreas == s.meetings {
			t.Errorf("club %s: %d meetings, %d with all areas", id, s.meetings, s.allAreas)
		}
		if s.meetings < 11 || s.meetings > 12 {
			t.Errorf("club %s: %d meetings", id, s.meetings)
		}
		if s.volunteers < 5 || s.visits == 0 || s.loans == 0 || s.loanNeed == 0 {
			t.Errorf("club %s: %+v", id, *s)
		}
		repaid += s.repaidLoans
		overdue += s.overdue
	}
	if repaid == 0 || overdue < 1 || overdue > 2 {
		t.Errorf("%d loans repaid, %d overdue", repaid, overdue)
	}
	if severe < 1 || severe > 2 || high == 0 || station == 0 {
		t.Errorf("readings: %d severe, %d high, %d by the health station", severe, high, station)
	}
	for _, k := range []string{"training", "outreach", "target", "club_assessment", "fund_entry", "home_visit"} {
		if count[k] == 0 {
			t.Errorf("no %s rows", k)
		}
	}
	checkPlanManagement(t, rows, order, count, today)
}

// checkPlanManagement: a budget for 2026, equipment for the newest club, two
// supervision visits (one with a passed follow-up date) and one commendation.
func checkPlanManagement(t *testing.T, rows map[string]*row, order []string, count map[string]int, today string) {
	t.Helper()
	if count["budget"] < 5 || count["equipment"] < 5 || count["supervision_visit"] != 2 || count["commendation"] != 1 {
		t.Fatalf("plan management counts %v", count)
	}
	newest := ""
	var planned, spent float64
	passed := 0
	for _, id := range order {
		r := rows[id]
		switch r.entity {
		case "club":
			if newest == "" || r.f["founded_on"].(string) > rows[newest].f["founded_on"].(string) {
				newest = id
			}
		case "budget":
			if numOf(r.f["year"]) != 2026 {
				t.Errorf("budget of %v", r.f["year"])
			}
			planned += numOf(r.f["planned_vnd"])
			if r.f["spent_vnd"] != nil {
				spent += numOf(r.f["spent_vnd"])
			}
		case "equipment":
			if r.f["club_id"] != newest {
				t.Errorf("equipment for a club other than the newest")
			}
		case "supervision_visit":
			if fu, ok := r.f["follow_up_on"].(string); ok && fu < today {
				passed++
			}
			if r.f["recommendations"] == nil {
				t.Errorf("a visit without recommendations")
			}
		}
	}
	if planned <= 0 || spent <= 0 || spent > planned {
		t.Errorf("budget planned %v spent %v", planned, spent)
	}
	if passed != 1 {
		t.Errorf("%d visits with a passed follow-up", passed)
	}
}
