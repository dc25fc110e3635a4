package survey

// flow warns about questions and pages that no path reaches. Jumps only go
// forward (backward jumps are errors), so one pass in document order finds
// every reachable question: the first question is reachable; a reachable
// question reaches its jump targets and, unless it always jumps, the next
// question; the last question of a page also reaches its page's jump
// targets. A question "always jumps" when it has an unconditional jump and
// neither it nor its page can be hidden.
func (k *checker) flow() {
	c := k.c
	n := len(c.qs)
	if n == 0 {
		return
	}
	reach := make([]bool, n+1)
	reach[0] = true
	mark := func(j *Jump) {
		switch j.To {
		case ToPage:
			if pg := c.pageByID[j.Target]; pg != nil {
				reach[min(pg.first, n)] = true
			}
		case ToQuestion:
			if qf := c.byID[j.Target]; qf != nil {
				reach[qf.index] = true
			}
		}
	}
	for i, qf := range c.qs {
		if !reach[i] {
			continue
		}
		q, p := qf.q, qf.page.p
		falls := true
		for _, o := range q.Options {
			if o != nil && o.Jump != nil {
				mark(o.Jump)
			}
		}
		for ji := range q.Jumps {
			mark(&q.Jumps[ji])
			if blank(q.Jumps[ji].If) && blank(q.Display) && blank(p.Display) {
				falls = false
				break
			}
		}
		if !falls {
			continue
		}
		if i == qf.page.end-1 {
			solid := false
			for _, other := range c.qs[qf.page.first:qf.page.end] {
				if reach[other.index] && blank(other.q.Display) {
					solid = true
				}
			}
			for ji := range p.Jumps {
				mark(&p.Jumps[ji])
				if blank(p.Jumps[ji].If) && blank(p.Display) && solid {
					falls = false
					break
				}
			}
		}
		if falls {
			reach[i+1] = true
		}
	}
	for _, pg := range c.pages {
		if pg.first == pg.end {
			continue
		}
		any := false
		for i := pg.first; i < pg.end; i++ {
			any = any || reach[i]
		}
		if !any {
			k.warn(pg.path, CodeUnreachable, "no path reaches page %q: jumps always skip it", pg.p.ID)
			continue
		}
		for i := pg.first; i < pg.end; i++ {
			if !reach[i] {
				k.warn(c.qs[i].path, CodeUnreachable, "no path reaches question %q: jumps always skip it", c.qs[i].q.ID)
			}
		}
	}

}
