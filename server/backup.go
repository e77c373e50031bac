package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"clb/server/store"
)

// backup is `server backup`: a consistent copy of the SQLite database, taken
// while a server may be serving it.
func backup(ctx context.Context, args []string, e *env) error {
	fl := e.flags("backup")
	dbf := addDBFlags(fl, "data folder (SQLite database)")
	data := dbf.data
	out := fl.String("out", "", "file to write the copy to (must not exist)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if err := dbf.check(); err != nil {
		return err
	}
	if dbf.url() != "" {
		return fmt.Errorf("%w: backup copies the SQLite database only; for PostgreSQL use pg_dump", errUsage)
	}
	if *out == "" {
		return fmt.Errorf("%w: backup: --out FILE is required", errUsage)
	}
	if _, err := os.Stat(*data); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	db, err := store.Open(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", *out)
	return nil
}

// restore is `server restore`: replaces the database of a data folder that
// no server holds with a checked copy.
func restore(ctx context.Context, args []string, e *env) error {
	fl := e.flags("restore")
	data := fl.String("data", "./data", "data folder")
	from := fl.String("from", "", "the copy to restore (made by server backup)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("%w: restore: --from FILE is required", errUsage)
	}
	err := store.Restore(ctx, *data, *from)
	if errors.Is(err, store.ErrFolderBusy) {
		return fmt.Errorf("a server is using the data folder %s: stop it, then restore (nothing was changed)", *data)
	}
	if err != nil {
		return fmt.Errorf("restore refused, nothing was changed: %w", err)
	}
	fmt.Fprintf(e.stdout, "database of %s restored from %s\n", *data, *from)
	return nil
}
