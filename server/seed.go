package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"clb/schema"
	"clb/server/demo"
	"clb/server/push"
	"clb/server/store"
	"clb/server/users"
	changes "clb/sync"
)

// seedCmd is `server seed`: invented communes of the demo's shape, scaled,
// pushed through the sync engine in batches as phones would, for benchmarks
// and load tests. The first commune's demo users are created when their
// usernames are free (password demo-2026).
func seedCmd(ctx context.Context, args []string, e *env) error {
	stdout := e.stdout
	fl := e.flags("seed")
	dbf := addDBFlags(fl, "data folder (SQLite database)")
	communes := fl.Int("communes", 1, "communes to invent")
	clubs := fl.Int("clubs", 3, "clubs per commune")
	years := fl.Int("years", 1, "years of books per club")
	members := fl.Int("members", 0, "members per club (0: 44–57 as in the demo)")
	seed := fl.Int64("seed", 1, "random seed (the same seed invents the same names and figures)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if err := dbf.check(); err != nil {
		return err
	}
	if *communes < 1 || *clubs < 1 || *years < 1 || *years > 50 || *members < 0 {
		return fmt.Errorf("%w: seed: --communes, --clubs and --years must be at least 1 (years at most 50), --members at least 0", errUsage)
	}
	start := time.Now()
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := &push.Service{Store: db, Engine: changes.New(schema.MustLoad())}
	admin := changes.Actor{UserID: "seed", Username: "seed", Role: changes.RoleAdmin, DeviceID: demo.Device}
	var total, applied int
	var pushTime time.Duration
	now := time.Now()
	for i := 0; i < *communes; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := demo.GenerateScaled(now, *seed+int64(i), demo.Options{Index: i + 1, Clubs: *clubs, Years: *years, Members: *members})
		t0 := time.Now()
		n, err := pushAll(ctx, svc, admin, d.Changes)
		if err != nil {
			return fmt.Errorf("commune %d: %w", i+1, err)
		}
		pushTime += time.Since(t0)
		total += len(d.Changes)
		applied += n
		if i == 0 {
			if err := seedUsers(ctx, db, d.Users, stdout); err != nil {
				return err
			}
		}
		if *communes <= 10 || (i+1)%max(*communes/10, 1) == 0 {
			fmt.Fprintf(stdout, "commune %d/%d: %d changes (%s)\n", i+1, *communes, len(d.Changes), time.Since(start).Round(time.Millisecond))
		}
	}
	secs := pushTime.Seconds()
	fmt.Fprintf(stdout, "seeded %d communes × %d clubs × %d years (%s members per club): %d changes, %d rows written, in %s (push %s, %.0f changes/s)\n",
		*communes, *clubs, *years, membersText(*members), total, applied, time.Since(start).Round(time.Millisecond),
		pushTime.Round(time.Millisecond), float64(total)/max(secs, 1e-9))
	return nil
}

func membersText(m int) string {
	if m == 0 {
		return "44–57"
	}
	return fmt.Sprint(m)
}

// pushAll pushes the changes in batches of push.MaxChanges and answers how
// many were applied; a rejected change is an error (the generator is wrong).
func pushAll(ctx context.Context, svc *push.Service, admin changes.Actor, cs []changes.Change) (int, error) {
	applied := 0
	for i := 0; i < len(cs); i += push.MaxChanges {
		batch := cs[i:min(i+push.MaxChanges, len(cs))]
		out, err := svc.Apply(ctx, admin, batch)
		if err != nil {
			return applied, err
		}
		for j, o := range out {
			switch o.Status {
			case changes.Rejected:
				return applied, fmt.Errorf("change %s (%s) rejected: %s %s %s", batch[j].ID, batch[j].Entity, o.Error.Code, o.Error.Field, o.Error.Message)
			case changes.Applied:
				applied++
			}
		}
	}
	return applied, nil
}

// seedUsers creates the users whose usernames are free and prints them.
func seedUsers(ctx context.Context, db *store.DB, us []demo.User, stdout io.Writer) error {
	for _, u := range us {
		if old, err := db.UserByName(ctx, u.Username); err == nil && old != nil {
			continue
		}
		_, err := users.Create(ctx, db, users.Input{Username: u.Username, Password: u.Password, FullName: u.FullName,
			Role: u.Role, CommuneID: u.CommuneID, ClubIDs: u.ClubIDs})
		if err != nil {
			return fmt.Errorf("user %s: %w", u.Username, err)
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", u.Username, u.Password, u.Role)
	}
	return nil
}
