package indicators

import (
	"reflect"
	"testing"
)

func TestDetails(t *testing.T) {
	d, err := ComputeDetails(mainFixture(), Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Clubs) != 3 {
		t.Fatalf("%d clubs", len(d.Clubs))
	}
	wantA := ClubDetails{ClubID: "A", Name: "CLB An Bình", FoundedOn: "2020-05-01",
		Members: 5, Women: 4, Older: 3, OlderWomen: 2, Poor: 2, NearPoor: 1,
		FundVND: 50_210_000, LoansDisbursed: 1, LoansDisbursedVND: 6_000_000, LoansOutstanding: 2, OutstandingVND: 11_000_000,
		OverdueLoans: 2, OverdueVND: 11_000_000, PAR30VND: 5_000_000,
		Readings: 6, Measured: 3, OlderMeasured: 2, High: 2, Urgent: 0}
	if !reflect.DeepEqual(d.Clubs[0], wantA) {
		t.Errorf("A\n got %+v\nwant %+v", d.Clubs[0], wantA)
	}
	wantB := ClubDetails{ClubID: "B", Name: "CLB Bình Minh", FoundedOn: "2026-03-15",
		Members: 2, Women: 1, Older: 1, OlderWomen: 1, Poor: 1,
		FundVND: 55_000_000, LoansDisbursed: 1, LoansDisbursedVND: 5_000_000, LoansOutstanding: 1, OutstandingVND: 4_000_000,
		Readings: 1, Measured: 1, OlderMeasured: 1, High: 1, Urgent: 1, GrantVND: 55_000_000}
	if !reflect.DeepEqual(d.Clubs[1], wantB) {
		t.Errorf("B\n got %+v\nwant %+v", d.Clubs[1], wantB)
	}
	if d.Total.Members != 8 || d.Total.OutstandingVND != 15_000_000 || d.Total.FundVND != 105_210_000 || d.Total.Urgent != 1 {
		t.Errorf("total %+v", d.Total)
	}
}

func TestHealthList(t *testing.T) {
	h, err := HealthList(mainFixture(), Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	names := func(l []HealthMember) []string {
		out := []string{}
		for _, m := range l {
			out = append(out, m.FullName)
		}
		return out
	}
	a := h.Clubs[0]
	if got := names(a.Measured); !reflect.DeepEqual(got, []string{"Bà Một", "Chị Bốn", "Ông Hai"}) {
		t.Errorf("A measured %v", got)
	}
	if got := names(a.High); !reflect.DeepEqual(got, []string{"Bà Một", "Chị Bốn"}) {
		t.Errorf("A high %v", got)
	}
	if len(a.Urgent) != 0 {
		t.Errorf("A urgent %v", names(a.Urgent))
	}
	m := a.Measured[0]
	if m.MeasuredOn != "2026-05-10" || m.Systolic != 145 || m.Diastolic != 85 || m.Readings != 2 || m.Age != 76 || !m.High || m.Urgent {
		t.Errorf("Bà Một %+v", m)
	}
	b := h.Clubs[1]
	if got := names(b.Urgent); !reflect.DeepEqual(got, []string{"Bà Tám"}) {
		t.Errorf("B urgent %v", got)
	}
	if len(h.Clubs[2].Measured) != 0 {
		t.Errorf("C %+v", h.Clubs[2])
	}
}

func TestLabels(t *testing.T) {
	for _, code := range append(append([]string{}, CommuneCodes...), ClubCodes...) {
		vi, en := Label(code)
		if vi == code || en == code || Definition(code) == "" {
			t.Errorf("%s: no label or definition", code)
		}
	}
}
