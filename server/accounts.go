package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/push"
	"clb/server/users"
	changes "clb/sync"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// userAdd is `server user add`: the account rules of package users, checked
// before the data folder is touched.
func userAdd(ctx context.Context, args []string, e *env) error {
	fl := e.flags("user add")
	dbf := addDBFlags(fl, "data folder (SQLite database)")
	username := fl.String("username", "", "user name (3–64 of a-z, 0-9, . _ -)")
	role := fl.String("role", "", "admin, commune_officer, health_worker or club_board")
	fullName := fl.String("full-name", "", "full name")
	commune := fl.String("commune", "", "commune id (every role but admin)")
	pwStdin := fl.Bool("password-stdin", false, "read the password as one line of standard input (required)")
	var clubs multi
	fl.Var(&clubs, "club", "club id (club boards; repeat for several)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if err := dbf.check(); err != nil {
		return err
	}
	if !*pwStdin {
		return errors.New("--password-stdin is required: the password is read from standard input")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	in := users.Input{Username: *username, Password: password, FullName: *fullName, Role: *role, ClubIDs: clubs}
	if *commune != "" {
		in.CommuneID = commune
	}
	if err := users.Check(in); err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := users.Create(ctx, db, in)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, u.ID)
	return nil
}

// communeAdd is `server commune add`: one change through the push service,
// checked by the sync engine before the data folder is touched.
func communeAdd(ctx context.Context, args []string, e *env) error {
	fl := e.flags("commune add")
	dbf := addDBFlags(fl, "data folder (SQLite database)")
	name := fl.String("name", "", "commune name (required)")
	province := fl.String("province", "", "province (required)")
	older := fl.Int("older-population", -1, "people aged 60+ living in the commune")
	officers := fl.Int("implementing-officers", -1, "officers working on the plan")
	if err := parse(fl, args); err != nil {
		return err
	}
	if err := dbf.check(); err != nil {
		return err
	}
	fields := map[string]any{"name": *name, "province": *province}
	if *older >= 0 {
		fields["older_population"] = *older
	}
	if *officers >= 0 {
		fields["implementing_officers"] = *officers
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	id := uuid.NewString()
	ch := changes.Change{ID: uuid.NewString(), Entity: "commune", RowID: id, Op: "upsert", Fields: raw,
		HLC: fmt.Sprintf("%013d-0000-cli", time.Now().UnixMilli())}
	cli := changes.Actor{UserID: "cli", Username: "cli", Role: changes.RoleAdmin, DeviceID: "cli"}
	eng := changes.New(schema.MustLoad())
	check := func(out []changes.Outcome) error {
		if out[0].Status != changes.Applied {
			e := out[0].Error
			return fmt.Errorf("commune rejected: %s %s: %s", e.Code, e.Field, e.Message)
		}
		return nil
	}
	out, err := push.Check(ctx, eng, cli, []changes.Change{ch})
	if err != nil {
		return err
	}
	if err := check(out); err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := &push.Service{Store: db, Engine: eng}
	if out, err = svc.Apply(ctx, cli, []changes.Change{ch}); err != nil {
		return err
	}
	if err := check(out); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, id)
	return nil
}
