// Package metrics keeps the server's Prometheus metrics and serves them on
// their own address (`serve --metrics-addr`), never on the API's.
//
//	clb_push_duration_seconds      histogram  push requests, answer included
//	clb_pull_duration_seconds      histogram  pull requests
//	clb_changes_total{status,code} counter    pushed changes by status (and rejection code)
//	clb_pushes_waiting             gauge      pushes of this process waiting for the writer
//	clb_failed_logins_total        counter    failed logins (wrong password, unknown user)
//	clb_requests_total{route,status} counter  every request, by route pattern and status
//	go_sql_*{db_name="writer"|"readers"}      the database connection pools
package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"clb/server/store"
	changes "clb/sync"
)

// Metrics is one server's registry.
type Metrics struct {
	reg          *prometheus.Registry
	push, pull   prometheus.Histogram
	changes      *prometheus.CounterVec
	failedLogins prometheus.Counter
	requests     *prometheus.CounterVec
}

// New registers the metrics of a server over db.
func New(db *store.DB) *Metrics {
	reg := prometheus.NewRegistry()
	buckets := []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	m := &Metrics{
		reg: reg,
		push: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "clb_push_duration_seconds",
			Help: "Time to answer a push (POST /api/sync/push).", Buckets: buckets}),
		pull: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "clb_pull_duration_seconds",
			Help: "Time to answer a pull (GET /api/sync/pull).", Buckets: buckets}),
		changes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clb_changes_total",
			Help: "Pushed changes by status, and code for the rejected ones."}, []string{"status", "code"}),
		failedLogins: prometheus.NewCounter(prometheus.CounterOpts{Name: "clb_failed_logins_total",
			Help: "Failed logins: wrong password or unknown user."}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clb_requests_total",
			Help: "Requests by route pattern and status."}, []string{"route", "status"}),
	}
	waiting := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "clb_pushes_waiting",
		Help: "Pushes of this server waiting for the database writer."}, func() float64 { return float64(db.PushesWaiting()) })
	w, r := db.Pools()
	reg.MustRegister(m.push, m.pull, m.changes, m.failedLogins, m.requests, waiting,
		collectors.NewDBStatsCollector(w, "writer"), collectors.NewDBStatsCollector(r, "readers"),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Request counts one answered request; route is the router's pattern (never
// the path with its ids or the query).
func (m *Metrics) Request(method, route string, status int, d time.Duration) {
	switch {
	case method == http.MethodPost && route == "/api/sync/push":
		m.push.Observe(d.Seconds())
	case method == http.MethodGet && route == "/api/sync/pull":
		m.pull.Observe(d.Seconds())
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
}

// Pushed counts a push's answers.
func (m *Metrics) Pushed(rs []changes.Result) {
	for _, r := range rs {
		code := ""
		if r.Error != nil {
			code = r.Error.Code
		}
		m.changes.WithLabelValues(r.Status, code).Inc()
	}
}

// LoginFailed counts a failed login.
func (m *Metrics) LoginFailed() { m.failedLogins.Inc() }

// Handler answers GET /metrics in the Prometheus text format, and 404
// elsewhere.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return mux
}

// Serve listens on addr and serves Handler until ctx ends. The listener is
// opened before it returns, so a bad address fails the start.
func (m *Metrics) Serve(ctx context.Context, addr string) (net.Addr, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: listen: %w", err)
	}
	hs := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() {
		err := hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		errc <- err
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shut)
	}()
	return ln.Addr(), errc, nil
}
