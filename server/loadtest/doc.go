// Package loadtest holds the server's load benchmarks: phones pushing and
// pulling over loopback against the real HTTP server (see load_test.go). It
// has no code of its own; `go test ./...` only compiles the benchmarks.
package loadtest
