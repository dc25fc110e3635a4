package response

import (
	"context"
	"errors"
	"fmt"
)

// Batch-level claims and quota counts (issue #5 item 10).
//
// On a batch's first try (batch.go) every final submit used to claim its
// dedupe keys and count its quota places with statements of its own, two
// or more per submit inside the one transaction every submit waits for.
// Instead, the items declare beforehand the keys they will claim and the
// surveys whose quotas they may count (itemPrep); the committer reads the
// owners of those keys and those surveys' quota counts in a few
// statements, the items decide in memory in batch order — exactly what
// running them one after another would have decided — and the claims and
// counts are written at the end in a few statements. Those writes cannot
// over-fill a quota or take a key twice even with other processes writing
// at the same time: keys are plain inserts (a key another process claimed
// meanwhile fails the batch) and each quota's places are added by one
// conditional upsert (count + added ≤ limit, else the batch fails). A
// failed batch runs again with a savepoint per item and no batch state, so
// each item then uses the per-statement path.

// itemPrep is what an item will need from the batch state.
type itemPrep struct {
	keys    []claimKey // dedupe keys it may claim
	surveys []string   // surveys whose quotas it may count
}

type claimKey struct{ survey, kind, key string }

type quotaKey struct{ survey, quota string }

type batchState struct {
	owners  map[claimKey]string // loaded, then claimed in this batch
	loaded  map[claimKey]bool
	claims  []Key            // claimed in this batch, to insert
	counts  map[quotaKey]int // loaded, plus this batch's places
	added   map[quotaKey]int // this batch's places
	limits  map[quotaKey]int // the smallest limit an item counted with
	surveys map[string]bool  // surveys whose counts were loaded
}

type batchStateKey struct{}

func batchFrom(ctx context.Context) *batchState {
	bs, _ := ctx.Value(batchStateKey{}).(*batchState)
	return bs
}

// errBatchConflict fails a batch whose end writes met another process's
// claim or count; the batch runs again item by item.
var errBatchConflict = errors.New("response: batch: a quota filled or a key was claimed by another process")

// loadBatchState reads what the items of a batch declared.
func loadBatchState(ctx context.Context, store Store, preps []*itemPrep) (*batchState, error) {
	bs := &batchState{owners: map[claimKey]string{}, loaded: map[claimKey]bool{}, counts: map[quotaKey]int{}, added: map[quotaKey]int{},
		limits: map[quotaKey]int{}, surveys: map[string]bool{}}
	type group struct{ survey, kind string }
	byGroup := map[group][]string{}
	var order []group
	for _, p := range preps {
		if p == nil {
			continue
		}
		for _, k := range p.keys {
			if bs.loaded[k] {
				continue
			}
			bs.loaded[k] = true
			g := group{k.survey, k.kind}
			if _, ok := byGroup[g]; !ok {
				order = append(order, g)
			}
			byGroup[g] = append(byGroup[g], k.key)
		}
		for _, sv := range p.surveys {
			if bs.surveys[sv] {
				continue
			}
			bs.surveys[sv] = true
			counts, err := store.QuotaCounts(ctx, sv)
			if err != nil {
				return nil, err
			}
			for q, n := range counts {
				bs.counts[quotaKey{sv, q}] = n
			}
		}
	}
	for _, g := range order {
		owners, err := store.KeyOwners(ctx, g.survey, g.kind, byGroup[g])
		if err != nil {
			return nil, err
		}
		for k, owner := range owners {
			bs.owners[claimKey{g.survey, g.kind, k}] = owner
		}
	}
	return bs, nil
}

// claim is Store.ClaimKey in memory: ok reports whether the key is the
// response's (new or claimed by it before); handled is false for a key no
// item declared (the caller then uses the store).
func (bs *batchState) claim(k claimKey, responseID string) (ok, handled bool) {
	if !bs.loaded[k] {
		return false, false
	}
	if owner, taken := bs.owners[k]; taken {
		return owner == responseID, true
	}
	bs.owners[k] = responseID
	bs.claims = append(bs.claims, Key{SurveyID: k.survey, Kind: k.kind, Key: k.key, ResponseID: responseID})
	return true, true
}

// addQuota is Store.AddQuota in memory; handled as for claim.
func (bs *batchState) addQuota(surveyID, quotaID string, limit int) (ok, handled bool) {
	if !bs.surveys[surveyID] {
		return false, false
	}
	k := quotaKey{surveyID, quotaID}
	if limit <= 0 || bs.counts[k] >= limit {
		return false, true
	}
	bs.counts[k]++
	bs.added[k]++
	if l, seen := bs.limits[k]; !seen || limit < l {
		bs.limits[k] = limit
	}
	return true, true
}

// releaseQuota is Store.ReleaseQuota for a place taken in this batch.
func (bs *batchState) releaseQuota(surveyID, quotaID string) (handled bool) {
	k := quotaKey{surveyID, quotaID}
	if !bs.surveys[surveyID] || bs.added[k] == 0 {
		return false
	}
	bs.counts[k]--
	bs.added[k]--
	return true
}

// flush writes the batch's claims and quota places.
func (bs *batchState) flush(ctx context.Context, store Store) error {
	if len(bs.claims) > 0 {
		if err := store.InsertKeys(ctx, bs.claims); err != nil {
			return err
		}
	}
	for k, n := range bs.added {
		if n <= 0 {
			continue
		}
		ok, err := store.AddQuotaN(ctx, k.survey, k.quota, n, bs.limits[k])
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w (quota %s)", errBatchConflict, k.quota)
		}
	}
	return nil
}
