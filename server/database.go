package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"clb/server/store"
)

// EnvDatabase names the database when --database is not given.
const EnvDatabase = "CLB_DATABASE_URL"

// dbFlags are the flags of every command that opens the database: --data,
// and --database for PostgreSQL (CONTRACT.md, "Storage and scale-out").
type dbFlags struct {
	data     *string
	database *string
}

func addDBFlags(fl *flag.FlagSet, dataUsage string) dbFlags {
	return dbFlags{
		data: fl.String("data", "./data", dataUsage),
		database: fl.String("database", "", "PostgreSQL database URL (postgres://… or postgresql://…; default $"+EnvDatabase+
			"); without it the SQLite database in --data"),
	}
}

// url is --database, else $CLB_DATABASE_URL; "" for SQLite.
func (f dbFlags) url() string {
	if *f.database != "" {
		return *f.database
	}
	return os.Getenv(EnvDatabase)
}

// check refuses a --database that is not a PostgreSQL URL (exit status 2,
// like a bad flag).
func (f dbFlags) check() error {
	if u := f.url(); u != "" && !store.IsPostgresURL(u) {
		return fmt.Errorf("%w: --database (or %s) must be a postgres:// or postgresql:// URL", errUsage, EnvDatabase)
	}
	return nil
}

// open opens the database the flags name and applies the migrations.
func (f dbFlags) open(ctx context.Context) (*store.DB, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	return store.Connect(ctx, f.url(), *f.data)
}
