package changes_test

import (
	"testing"

	"github.com/google/uuid"

	changes "clb/sync"
)

// TestScopeOfStoredRow: a change to an existing row that carries no club_id or
// commune_id is in scope only where the stored row is (CONTRACT.md: "the scope
// of a change to an existing row is the stored row's scope"). A board's scope
// is its clubs, not its commune; an officer's is its commune.
func TestScopeOfStoredRow(t *testing.T) {
	e, st := world(t)
	memberA2, memberB := uuid.NewString(), uuid.NewString()
	for _, m := range []struct{ id, club string }{{memberA2, clubA2}, {memberB, clubB}} {
		f := obj("club_id", m.club, "full_name", "Bà Khác", "sex", "female", "birth_year", 1955, "joined_on", "2024-01-01", "poverty", "none", "board_role", "none")
		if got := verdict(apply(t, e, st, admin, ch("member", m.id, f, 50000))[0]); got != "applied" {
			t.Fatalf("setup: %s", got)
		}
	}
	del := func(entity, row string) changes.Change {
		c := ch(entity, row, nil, 0)
		c.Op = "delete"
		return c
	}
	tests := []struct {
		name  string
		actor changes.Actor
		c     changes.Change
		want  string
	}{
		{"board updates a member of its club", board, ch("member", memberA, obj("full_name", "Tên mới"), 0), "applied"},
		{"board updates a member of another club of its commune", board, ch("member", memberA2, obj("full_name", "Tên mới"), 0), "rejected:out_of_scope:"},
		{"board deletes a member of another club of its commune", board, del("member", memberA2), "rejected:out_of_scope:"},
		{"board updates a member of another commune", board, ch("member", memberB, obj("full_name", "Tên mới"), 0), "rejected:out_of_scope:"},
		{"board updates another club of its commune", board, ch("club", clubA2, obj("name", "Đổi tên"), 0), "rejected:out_of_scope:"},
		{"officer updates a member of another club of its commune", officer, ch("member", memberA2, obj("full_name", "Tên mới"), 0), "applied"},
		{"officer updates a member of another commune", officer, ch("member", memberB, obj("full_name", "Tên mới"), 0), "rejected:out_of_scope:"},
		{"officer deletes a member of another commune", officer, del("member", memberB), "rejected:out_of_scope:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := verdict(apply(t, e, st, tt.actor, tt.c)[0]); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}
