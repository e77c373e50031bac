package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandLine runs the built program: help lists every command and its
// flags (exit 0); an unknown command, a stray argument or a bad flag is exit
// 2 naming what is valid; a command refused for its flags creates nothing.
func TestCommandLine(t *testing.T) {
	bin := buildServer(t)
	tests := []struct {
		name   string
		args   []string
		stdin  string
		status int
		want   []string // in standard output and error together
	}{
		{"help", []string{"help"}, "", 0, []string{"serve", "user add", "commune add", "-addr", "-password-stdin", "-province", "-older-population"}},
		{"--help", []string{"--help"}, "", 0, []string{"user add", "-full-name"}},
		{"a command's -h", []string{"commune", "add", "-h"}, "", 0, []string{"-name", "-province"}},
		{"unknown command", []string{"frobnicate"}, "", 2, []string{"unknown command", "serve, user add, commune add"}},
		{"half a command", []string{"user"}, "", 2, []string{"unknown command", "user add"}},
		{"stray argument", []string{"commune", "add", "--name", "X", "--province", "P", "extra"}, "", 2, []string{"unexpected argument", "extra"}},
		{"unknown flag", []string{"user", "add", "--colour", "red"}, "", 2, []string{"colour"}},
		{"commune without name", []string{"commune", "add", "--province", "P"}, "", 1, []string{"name"}},
		{"user with a short password", []string{"user", "add", "--username", "abc", "--role", "admin", "--full-name", "A", "--password-stdin"}, "short\n", 1, []string{"password"}},
		{"officer without commune", []string{"user", "add", "--username", "abc", "--role", "commune_officer", "--full-name", "A", "--password-stdin"}, "long-enough\n", 1, []string{"commune_id"}},
		{"board without clubs", []string{"user", "add", "--username", "abc", "--role", "club_board", "--full-name", "A", "--commune", "x", "--password-stdin"}, "long-enough\n", 1, []string{"club_ids"}},
		{"serve on a bad address", []string{"serve", "--addr", "nowhere:-1"}, "", 1, []string{"listen"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var out bytes.Buffer
			cmd := exec.Command(bin, tt.args...)
			cmd.Dir = dir // the default data folder is ./data
			cmd.Stdin = strings.NewReader(tt.stdin)
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			status := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Errorf("exit status %d, want %d\n%s", status, tt.status, out.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			if tt.status != 0 {
				if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
					t.Error("a refused command created ./data")
				}
			}
		})
	}
}
