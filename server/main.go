// Command server is the CLB Liên thế hệ sync server: it serves the embedded
// PWA and the HTTP API of CONTRACT.md on an embedded SQLite database, and
// manages accounts and communes from the command line. `server help` lists
// the commands and their flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

// command is one entry of the command line. A command parses its flags
// (with env.flags and parse) before it touches anything, so that bad flags
// create nothing; called with -h it prints its flags and does nothing else.
type command struct {
	name    string // one or two words: "serve", "user add"
	summary string
	run     func(ctx context.Context, args []string, e *env) error
}

// commands is the command line; the first is the default.
var commands = []command{
	{"serve", "serve the app and the API", serve},
	{"user add", "create an account (the password is read from standard input)", userAdd},
	{"commune add", "create a commune; prints its id", communeAdd},
	{"backup", "write a consistent copy of the database, also while serving", backup},
	{"restore", "replace the database with a checked copy (no server may hold the folder)", restore},
	{"seed", "fill a database with invented communes through the sync engine (benchmarks, load tests)", seedCmd},
}

// env is what a command reads and writes besides its flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// errUsage marks a command line that names no command or has a stray
// argument (exit status 2, like a bad flag).
var errUsage = errors.New("wrong command line")

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, log)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "error:", err)
		stop()
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "error:", err)
		stop()
		os.Exit(1)
	}
}

// run dispatches the command line; with no command, or only flags, it serves.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: os.Stderr, log: log}
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		return help(ctx, stdout)
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return commands[0].run(ctx, args, e)
	}
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			return c.run(ctx, args[len(words):], e)
		}
	}
	return fmt.Errorf("%w: unknown command %q; the commands are: %s (see `server help`)", errUsage, strings.Join(args, " "), names())
}

func names() string {
	var ns []string
	for _, c := range commands {
		ns = append(ns, c.name)
	}
	return strings.Join(ns, ", ")
}

// help prints every command with its flags.
func help(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "CLB Liên thế hệ server.\n\nUsage: server [command] [flags]   (no command: serve)\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "\n  %s — %s\n", c.name, c.summary)
		_ = c.run(ctx, []string{"-h"}, &env{stdout: w, stderr: w})
	}
	return nil
}

// flags is a command's flag set; its errors and usage go to the env's
// standard error (standard output for help).
func (e *env) flags(name string) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.Usage = fl.PrintDefaults
	return fl
}

// parse parses a command's flags and refuses stray arguments.
func parse(fl *flag.FlagSet, args []string) error {
	if err := fl.Parse(args); errors.Is(err, flag.ErrHelp) {
		return err
	} else if err != nil {
		return fmt.Errorf("%w: %s: %w", errUsage, fl.Name(), err)
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, fl.Name(), fl.Arg(0))
	}
	return nil
}
