package audit

import (
	"context"
	"fmt"
	"strconv"
)

// Kinds of tampering Verify reports.
const (
	Edited   = "edited"   // a row's content or hash was changed
	Inserted = "inserted" // a row that was never appended through Record
	Deleted  = "deleted"  // rows are missing
)

// Problem is the first place where the chain is broken.
type Problem struct {
	Seq    int64  // the entry named
	ID     string // its id; empty when no row is left to name
	Kind   string // Edited, Inserted or Deleted
	Reason string // what exactly does not match
}

func (p *Problem) String() string {
	id := p.ID
	if id == "" {
		id = "none"
	}
	return fmt.Sprintf("audit trail broken at seq %d (id %s): %s: %s", p.Seq, id, p.Kind, p.Reason)
}

// Report is the result of Verify.
type Report struct {
	Entries int64    // entries checked
	Head    Head     // the chain head at the end of the walk
	Problem *Problem // nil when the chain is intact
}

// Verify walks the whole chain in seq order, a batch at a time, and reports
// the first entry that was edited (its hash does not match its content, or
// no longer matches its successor or the head), inserted (beyond the head,
// before the start, or pushing later entries' seq up) or deleted (a seq gap,
// entries missing at the end, or a start no prune recorded). Appends made
// while it runs are followed, not reported. The command line calls it; it
// checks no permission. An error means the walk could not finish (e.g. the
// database failed), not that the chain is broken.
func (s *Service) Verify(ctx context.Context) (Report, error) {
	head, err := s.store.Head(ctx)
	if err != nil {
		return Report{}, err
	}
	w := &walk{s: s, ctx: ctx, head: head, expect: head.AnchorSeq, prev: head.AnchorPrevHash}
	var after int64
	for {
		rows, err := s.store.Scan(ctx, after, s.batch())
		if err != nil {
			return Report{}, err
		}
		if len(rows) == 0 {
			// Appends committed during the walk moved the head: follow them.
			h, err := s.store.Head(ctx)
			if err != nil {
				return Report{}, err
			}
			moved := h.Seq != w.head.Seq
			w.head = h
			if moved && h.Seq > w.expect-1 {
				continue
			}
			break
		}
		for i := range rows {
			p, err := w.step(&rows[i])
			if err != nil {
				return Report{}, err
			}
			if p != nil {
				return Report{Entries: w.n, Head: w.head, Problem: p}, nil
			}
		}
		after = rows[len(rows)-1].Seq
	}
	p, err := w.finish()
	if err != nil {
		return Report{}, err
	}
	return Report{Entries: w.n, Head: w.head, Problem: p}, nil
}

// walk is the state of Verify between rows.
type walk struct {
	s      *Service
	ctx    context.Context
	head   Head
	expect int64  // seq the next row must have
	prev   string // PrevHash the next row must carry
	last   *Entry // the last row that passed
	first  *Entry // the first row that passed
	n      int64
}

// step checks one row and, when it passes, advances past it.
func (w *walk) step(e *Entry) (*Problem, error) {
	if e.Seq > w.head.Seq {
		h, err := w.s.store.Head(w.ctx)
		if err != nil {
			return nil, err
		}
		w.head = h
		if e.Seq > h.Seq {
			return &Problem{e.Seq, e.ID, Inserted, fmt.Sprintf("it lies beyond the chain head (seq %d): it was appended out of band", h.Seq)}, nil
		}
	}
	if e.Seq < w.expect {
		return &Problem{e.Seq, e.ID, Inserted, fmt.Sprintf("it lies before the start of the chain (seq %d)", w.expect)}, nil
	}
	if p, err := w.checkHash(e); p != nil || err != nil {
		return p, err
	}
	if e.Seq > w.expect {
		if pruned, err := w.prunedMeanwhile(e); err != nil || !pruned {
			if err != nil {
				return nil, err
			}
			missing := fmt.Sprintf("entry %d before it is missing", w.expect)
			if e.Seq-w.expect > 1 {
				missing = fmt.Sprintf("entries %d to %d before it are missing", w.expect, e.Seq-1)
			}
			return &Problem{e.Seq, e.ID, Deleted, missing}, nil
		}
		w.prev = e.PrevHash
	}
	if e.PrevHash != w.prev {
		if w.last != nil {
			return &Problem{w.last.Seq, w.last.ID, Edited, fmt.Sprintf("its hash no longer matches the prev_hash of the next entry (seq %d): it was rewritten and re-hashed", e.Seq)}, nil
		}
		return &Problem{e.Seq, e.ID, Deleted, "its prev_hash does not match the start of the chain: entries before it were removed or the chain head was edited"}, nil
	}
	w.last, w.expect, w.prev = e, e.Seq+1, e.Hash
	if w.first == nil {
		w.first = e
	}
	w.n++
	return nil, nil
}

// checkHash reports a row whose hash does not match its content, telling a
// renumbered row (an insertion or deletion before it) from an edited one.
func (w *walk) checkHash(e *Entry) (*Problem, error) {
	if ok, err := sealsAs(e, e.Seq); ok || err != nil {
		return nil, err
	}
	if ok, _ := sealsAs(e, e.Seq-1); ok {
		if w.last != nil && w.last.Seq == e.Seq-1 {
			return &Problem{w.last.Seq, w.last.ID, Inserted, fmt.Sprintf("it is not part of the original chain: the entry after it (id %s) was renumbered from seq %d to %d to make room", e.ID, e.Seq-1, e.Seq)}, nil
		}
		return &Problem{e.Seq, e.ID, Inserted, fmt.Sprintf("an entry was inserted before it: it was renumbered from seq %d", e.Seq-1)}, nil
	}
	if ok, _ := sealsAs(e, e.Seq+1); ok {
		return &Problem{e.Seq, e.ID, Deleted, fmt.Sprintf("the entry before it was deleted: it was renumbered from seq %d to %d to close the gap", e.Seq+1, e.Seq)}, nil
	}
	next, err := w.s.store.BySeq(w.ctx, e.Seq+1)
	if err != nil {
		return nil, err
	}
	if next != nil {
		if ok, _ := sealsAs(next, next.Seq); !ok {
			if ok, _ := sealsAs(next, next.Seq-1); ok {
				return &Problem{e.Seq, e.ID, Inserted, fmt.Sprintf("it is not part of the original chain: the entry after it (id %s) was renumbered from seq %d to %d to make room", next.ID, e.Seq, e.Seq+1)}, nil
			}
		}
	}
	return &Problem{e.Seq, e.ID, Edited, "its content does not match its hash"}, nil
}

// sealsAs reports whether e's hash is right had it the given seq.
func sealsAs(e *Entry, seq int64) (bool, error) {
	c := *e
	c.Seq = seq
	h, err := Seal(&c)
	return err == nil && h == e.Hash, err
}

// prunedMeanwhile reports whether a gap before e is a prune that ran during
// the walk: the head's anchor now sits exactly at e.
func (w *walk) prunedMeanwhile(e *Entry) (bool, error) {
	h, err := w.s.store.Head(w.ctx)
	if err != nil {
		return false, err
	}
	if h.AnchorSeq == e.Seq && h.AnchorSeq > w.head.AnchorSeq && h.AnchorPrevHash == e.PrevHash {
		w.head = h
		return true, nil
	}
	return false, nil
}

// finish compares the end of the walk with the head, and the start with
// the last prune.
func (w *walk) finish() (*Problem, error) {
	h := w.head
	if w.last == nil {
		if h.Seq >= h.AnchorSeq {
			return &Problem{h.AnchorSeq, "", Deleted, fmt.Sprintf("every entry from seq %d to %d is missing", h.AnchorSeq, h.Seq)}, nil
		}
		if h.Hash != h.AnchorPrevHash {
			return &Problem{h.Seq, "", Edited, "the chain head was edited: its hash does not match the start of the chain"}, nil
		}
		return nil, nil
	}
	if w.last.Seq < h.Seq {
		return &Problem{w.last.Seq, w.last.ID, Deleted, fmt.Sprintf("the entries after it (seq %d to %d) are missing: the chain head records seq %d", w.last.Seq+1, h.Seq, h.Seq)}, nil
	}
	if w.last.Hash != h.Hash {
		return &Problem{w.last.Seq, w.last.ID, Edited, "its hash does not match the chain head: it was rewritten and re-hashed"}, nil
	}
	if h.AnchorSeq <= 1 {
		return nil, nil
	}
	// A start past seq 1 must be the one the newest prune recorded;
	// otherwise someone deleted the first entries and moved the start.
	p, err := w.s.store.LatestByAction(w.ctx, "audit.prune")
	if err != nil {
		return nil, err
	}
	if p == nil || !recordsAnchor(p, h.AnchorSeq) {
		return &Problem{w.first.Seq, w.first.ID, Deleted, fmt.Sprintf("the chain starts at seq %d but no prune recorded that start: the entries before it were deleted out of band", h.AnchorSeq)}, nil
	}
	return nil, nil
}

// recordsAnchor reports whether prune entry p moved the start to seq.
func recordsAnchor(p *Entry, seq int64) bool {
	for _, c := range p.Changes {
		if c.Key == "anchor_seq" {
			return fmt.Sprint(c.New) == strconv.FormatInt(seq, 10)
		}
	}
	return false
}
