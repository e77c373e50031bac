// Command server is the CLB Liên thế hệ sync server: it serves the embedded
// PWA and the HTTP API of CONTRACT.md on an embedded SQLite database.
//
//	server serve [--addr 127.0.0.1:8080] [--data ./data] [--demo]
//	server user add --data DIR --username U --role R --full-name N [--commune ID] [--club ID]… --password-stdin
//	server commune add --data DIR --name N --province P [--older-population N] [--implementing-officers N]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"

	"clb/pwa"
	"clb/schema"
	"clb/server/api"
	"clb/server/auth"
	"clb/server/demo"
	"clb/server/figures"
	"clb/server/push"
	"clb/server/store"
	"clb/server/users"
	changes "clb/sync"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, log); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return serve(ctx, args, stdout, log)
	}
	switch {
	case args[0] == "serve":
		return serve(ctx, args[1:], stdout, log)
	case args[0] == "user" && len(args) > 1 && args[1] == "add":
		return userAdd(ctx, args[2:], stdin, stdout)
	case args[0] == "commune" && len(args) > 1 && args[1] == "add":
		return communeAdd(ctx, args[2:], stdout)
	}
	return fmt.Errorf("unknown command %q (serve, user add, commune add)", strings.Join(args, " "))
}

func serve(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fl.String("data", "./data", "data folder (database and signing key)")
	withDemo := fl.Bool("demo", false, "fill an empty database with the demo commune and users")
	schemaFile := fl.String("schema", "", "entities.json to use instead of the built-in one (to try a schema change; docs/UPGRADES.md)")
	pwaDir := fl.String("pwa", "", "folder of a built PWA to serve instead of the built-in one (to try a build; docs/UPGRADES.md)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	sch, err := loadSchema(*schemaFile)
	if err != nil {
		return err
	}
	static := pwa.Dist()
	if *pwaDir != "" {
		if _, err := os.Stat(filepath.Join(*pwaDir, "index.html")); err != nil {
			return fmt.Errorf("--pwa: %w", err)
		}
		static = os.DirFS(*pwaDir)
	}
	db, err := store.Open(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := auth.LoadOrCreateKey(*data)
	if err != nil {
		return err
	}
	eng := changes.New(sch)
	if *withDemo {
		if err := seedDemo(ctx, db, eng, stdout); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	srv := &api.Server{DB: db, Schema: sch, Engine: eng, Keys: keys, Log: log, Figures: figures.New(db), Static: static}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "CLB Liên thế hệ: http://%s (data: %s)\n", ln.Addr(), *data)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shut)
}

// seedDemo fills an empty database with the demo commune, pushed through the
// sync engine like any phone's changes, and prints the demo logins.
func seedDemo(ctx context.Context, db *store.DB, eng *changes.Engine, stdout io.Writer) error {
	d := demo.Generate(time.Now(), 1)
	existing, err := db.Users(ctx, "")
	if err != nil {
		return err
	}
	if len(existing) == 0 {
		admin := changes.Actor{UserID: "demo", Username: "demo", Role: changes.RoleAdmin, DeviceID: demo.Device}
		svc := &push.Service{Store: db, Engine: eng}
		for i := 0; i < len(d.Changes); i += push.MaxChanges {
			batch := d.Changes[i:min(i+push.MaxChanges, len(d.Changes))]
			out, err := svc.Apply(ctx, admin, batch)
			if err != nil {
				return err
			}
			for j, o := range out {
				if o.Status == changes.Rejected {
					return fmt.Errorf("demo change %s (%s) rejected: %s %s %s", batch[j].ID, batch[j].Entity, o.Error.Code, o.Error.Field, o.Error.Message)
				}
			}
		}
		for _, u := range d.Users {
			_, err := users.Create(ctx, db, users.Input{Username: u.Username, Password: u.Password, FullName: u.FullName,
				Role: u.Role, CommuneID: u.CommuneID, ClubIDs: u.ClubIDs})
			if err != nil {
				return fmt.Errorf("demo user %s: %w", u.Username, err)
			}
		}
	}
	fmt.Fprintln(stdout, "Demo logins (username, password, role):")
	for _, u := range d.Users {
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", u.Username, u.Password, u.Role)
	}
	return nil
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fl := flag.NewFlagSet("user add", flag.ContinueOnError)
	data := fl.String("data", "./data", "data folder")
	username := fl.String("username", "", "user name")
	role := fl.String("role", "", "admin, commune_officer, health_worker or club_board")
	fullName := fl.String("full-name", "", "full name")
	commune := fl.String("commune", "", "commune id")
	pwStdin := fl.Bool("password-stdin", false, "read the password as one line of standard input")
	var clubs multi
	fl.Var(&clubs, "club", "club id (repeat for several)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if !*pwStdin {
		return errors.New("--password-stdin is required: the password is read from standard input")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	db, err := store.Open(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	in := users.Input{Username: *username, Password: password, FullName: *fullName, Role: *role, ClubIDs: clubs}
	if *commune != "" {
		in.CommuneID = commune
	}
	u, err := users.Create(ctx, db, in)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, u.ID)
	return nil
}

func communeAdd(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("commune add", flag.ContinueOnError)
	data := fl.String("data", "./data", "data folder")
	name := fl.String("name", "", "commune name")
	province := fl.String("province", "", "province")
	older := fl.Int("older-population", -1, "people aged 60+ living in the commune")
	officers := fl.Int("implementing-officers", -1, "officers working on the plan")
	if err := fl.Parse(args); err != nil {
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
	db, err := store.Open(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	id := uuid.NewString()
	now := time.Now()
	ch := changes.Change{ID: uuid.NewString(), Entity: "commune", RowID: id, Op: "upsert", Fields: raw,
		HLC: fmt.Sprintf("%013d-0000-cli", now.UnixMilli())}
	cli := changes.Actor{UserID: "cli", Username: "cli", Role: changes.RoleAdmin, DeviceID: "cli"}
	svc := &push.Service{Store: db, Engine: changes.New(schema.MustLoad())}
	out, err := svc.Apply(ctx, cli, []changes.Change{ch})
	if err != nil {
		return err
	}
	if out[0].Status != changes.Applied {
		e := out[0].Error
		return fmt.Errorf("commune rejected: %s %s: %s", e.Code, e.Field, e.Message)
	}
	fmt.Fprintln(stdout, id)
	return nil
}

// loadSchema reads entities.json from a file, or the built-in one when the
// name is empty.
func loadSchema(file string) (*schema.Schema, error) {
	if file == "" {
		return schema.Load()
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--schema: %w", err)
	}
	return schema.Parse(b)
}
