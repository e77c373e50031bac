package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"clb/pwa"
	"clb/schema"
	"clb/server/api"
	"clb/server/auth"
	"clb/server/demo"
	"clb/server/figures"
	"clb/server/metrics"
	"clb/server/push"
	"clb/server/store"
	"clb/server/users"
	changes "clb/sync"
)

// serve is `server serve`: the HTTP server of package api over the store,
// until the context ends.
func serve(ctx context.Context, args []string, e *env) error {
	fl := e.flags("serve")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	dbf := addDBFlags(fl, "data folder (SQLite database and signing key)")
	data := dbf.data
	withDemo := fl.Bool("demo", false, "fill an empty database with the demo commune and users")
	schemaFile := fl.String("schema", "", "entities.json to use instead of the built-in one (to try a schema change; docs/UPGRADES.md)")
	pwaDir := fl.String("pwa", "", "folder of a built PWA to serve instead of the built-in one (to try a build; docs/UPGRADES.md)")
	metricsAddr := fl.String("metrics-addr", "", "serve Prometheus metrics at GET /metrics on this address (e.g. 127.0.0.1:9090); off when empty")
	logFormat := fl.String("log-format", "text", "log lines as text or json")
	if err := parse(fl, args); err != nil {
		return err
	}
	if err := dbf.check(); err != nil {
		return err
	}
	log := e.log
	switch *logFormat {
	case "text":
	case "json":
		log = slog.New(slog.NewJSONHandler(e.stderr, nil))
	default:
		return fmt.Errorf("%w: serve: --log-format %q is neither text nor json", errUsage, *logFormat)
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
	// A malformed --addr is refused before the data folder is created; the
	// socket opens after the demo seeding, whose logins come first.
	if _, err := net.ResolveTCPAddr("tcp", *addr); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// Held while serving SQLite, so that restore refuses to replace the
	// database under a running server.
	if dbf.url() == "" {
		unlock, err := store.LockFolder(*data, false)
		if err != nil {
			return err
		}
		defer unlock()
	}
	db, err := dbf.open(ctx)
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
		// Once, even when several servers of one database start together.
		if err := db.Exclusive(ctx, func() error { return seedDemo(ctx, db, eng, e.stdout) }); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	srv := &api.Server{DB: db, Schema: sch, Engine: eng, Keys: keys, Log: log, Figures: figures.New(db), Static: static}
	var metricsErr <-chan error
	if *metricsAddr != "" {
		m := metrics.New(db)
		srv.Observer = m
		at, errc, err := m.Serve(ctx, *metricsAddr)
		if err != nil {
			return err
		}
		metricsErr = errc
		fmt.Fprintf(e.stdout, "Metrics: http://%s/metrics\n", at)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute}
	if db.Dialect() == "postgres" {
		fmt.Fprintf(e.stdout, "CLB Liên thế hệ: http://%s (database: PostgreSQL, key in: %s)\n", ln.Addr(), *data)
	} else {
		fmt.Fprintf(e.stdout, "CLB Liên thế hệ: http://%s (data: %s)\n", ln.Addr(), *data)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case err := <-metricsErr:
		return fmt.Errorf("metrics: %w", err)
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
