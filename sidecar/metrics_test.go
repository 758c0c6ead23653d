package sidecar

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestMetricsHandlerProfiles checks that Go's profiles are served only when asked for.
func TestMetricsHandlerProfiles(t *testing.T) {
	reg := prometheus.NewRegistry()
	newMetrics(reg).up.Set(1)
	for _, tc := range []struct {
		pprof      bool
		path       string
		wantStatus int
	}{
		{false, "/metrics", http.StatusOK},
		{false, "/healthz", http.StatusOK},
		{false, "/debug/pprof/heap", http.StatusNotFound},
		{true, "/debug/pprof/heap", http.StatusOK},
		{true, "/debug/pprof/goroutine?debug=1", http.StatusOK},
		{true, "/metrics", http.StatusOK},
	} {
		w := httptest.NewRecorder()
		metricsHandler(reg, tc.pprof).ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if w.Code != tc.wantStatus {
			t.Errorf("pprof=%v %s: %d, want %d", tc.pprof, tc.path, w.Code, tc.wantStatus)
		}
	}
}
