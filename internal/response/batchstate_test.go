package response_test

import (
	"context"
	"testing"

	"github.com/opencem/opencem/internal/app"
	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/store"
	"github.com/opencem/opencem/internal/survey"
)

// staleStore reads no key owners and no quota counts, as a batch would
// that read them just before another process claimed and counted.
type staleStore struct{ response.Store }

func (staleStore) KeyOwners(context.Context, string, string, []string) (map[string]string, error) {
	return map[string]string{}, nil
}

func (staleStore) QuotaCounts(context.Context, string) (map[string]int, error) {
	return map[string]int{}, nil
}

// TestBatchEndWritesCatchStaleReads: a batch settles claims and quota
// places in memory against what it read at its start (issue #5 item 10).
// When that was stale — another process claimed the device or took the
// places meanwhile — the writes at the end must fail the batch and the
// per-statement retry must decide as if nothing had been read: the
// duplicate is flagged and not counted, the quota is never over-filled.
func TestBatchEndWritesCatchStaleReads(t *testing.T) {
	app.TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := app.StartTest(t, cfg)
		sv, ctx := publish(t, srv, []survey.Quota{{ID: "w", Name: "w", Condition: "{gender} = 'f'", Limit: 2, Action: survey.QuotaEnd}}, true)
		stale := response.NewService(staleStore{store.NewResponses(srv.DB)}, store.NewSurveys(srv.DB), srv.DB, nil, srv.Audit, nil)
		stale.IPRate = 1 << 30

		mustSubmit(t, srv, final(sv.Code, newID(), "f", "dev-1"), response.StatusComplete) // count 1, device claimed

		dup := newID()
		mustSubmitWith(t, stale, final(sv.Code, dup, "m", "dev-1"), response.StatusComplete)
		if r, err := srv.Responses.Get(ctx, dup); err != nil || !r.Duplicate || r.Counted {
			t.Fatalf("a device claimed behind the batch's back: %+v %v", r, err)
		}
		mustSubmitWith(t, stale, final(sv.Code, newID(), "f", "dev-2"), response.StatusComplete) // count 2 = limit
		full := newID()
		mustSubmitWith(t, stale, final(sv.Code, full, "f", "dev-3"), response.StatusQuotaFull)
		if n := quotaCount(t, srv, ctx, sv); n != 2 {
			t.Fatalf("quota count %d with a limit of 2", n)
		}
		if r, err := srv.Responses.Get(ctx, full); err != nil || r.Counted {
			t.Fatalf("a response past the limit: %+v %v", r, err)
		}
	})
}
