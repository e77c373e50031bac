package push_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"clb/server/push"
	changes "clb/sync"
)

// fakeStore answers each change with the outcome listed for its id.
type fakeStore struct {
	out []changes.Outcome
	err error
}

func (f *fakeStore) Push(_ context.Context, _ *changes.Engine, _ changes.Actor, cs []changes.Change) ([]changes.Outcome, error) {
	return f.out, f.err
}

type told struct{ communes, clubs []string }

type fakeIndicators struct{ calls []told }

func (f *fakeIndicators) Touched(_ context.Context, communes, clubs map[string]bool) {
	f.calls = append(f.calls, told{slices.Sorted(maps.Keys(communes)), slices.Sorted(maps.Keys(clubs))})
}

func applied(commune, club string) changes.Outcome {
	return changes.Outcome{Result: changes.Result{Status: changes.Applied}, Row: &changes.Row{CommuneID: commune, ClubID: club}}
}

func TestApplyTellsIndicators(t *testing.T) {
	tests := []struct {
		name string
		out  []changes.Outcome
		want []told
	}{
		{"rows of two clubs and the commune", []changes.Outcome{applied("c1", "k1"), applied("c1", "k2"), applied("c1", "")},
			[]told{{[]string{"c1"}, []string{"k1", "k2"}}}},
		{"nothing written: nobody told", []changes.Outcome{{Result: changes.Result{Status: changes.Superseded}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := &fakeIndicators{}
			svc := &push.Service{Store: &fakeStore{out: tt.out}, Indicators: ind}
			out, err := svc.Apply(context.Background(), changes.Actor{}, nil)
			if err != nil || len(out) != len(tt.out) {
				t.Fatalf("Apply = %v, %v", out, err)
			}
			if !slices.EqualFunc(ind.calls, tt.want, func(a, b told) bool {
				return slices.Equal(a.communes, b.communes) && slices.Equal(a.clubs, b.clubs)
			}) {
				t.Errorf("told %v, want %v", ind.calls, tt.want)
			}
		})
	}
}

func TestApplyFaultTellsNobody(t *testing.T) {
	ind := &fakeIndicators{}
	svc := &push.Service{Store: &fakeStore{out: []changes.Outcome{applied("c1", "k1")}, err: errors.New("disk")}, Indicators: ind}
	if _, err := svc.Apply(context.Background(), changes.Actor{}, nil); err == nil {
		t.Fatal("a storage fault must come back")
	}
	if len(ind.calls) != 0 {
		t.Errorf("nothing was committed, yet indicators were told %v", ind.calls)
	}
}
