package indicators

import "fmt"

// ClubPartial is one club's part of a period's answer: the club's block and
// the counts the commune block sums over C. (*Index).ClubPartial builds it and
// (*Index).Assemble puts an answer together from the partials of C's clubs and
// the commune-wide figures (new_clubs, outreach_share,
// officers_trained_share, the commune's name), giving what Compute gives.
//
// A partial depends only on the rows that reach its club — the club row; its
// members and, through them, their initial/refresher trainings, health checks
// and loans (whatever the loan's club); its meetings and their attendance; its
// assessments, fund entries, loans and their repayments — and on the
// commune's targets. A caller that keeps partials must recompute them when
// one of those rows changes.
type ClubPartial struct {
	Block ClubBlock
	t     tally
}

// ClubPartial computes club clubID's partial for [from, to], or nil when the
// club is not in C (not a live club of the commune active on to).
func (ix *Index) ClubPartial(clubID, from, to string) (*ClubPartial, error) {
	if err := checkPeriod(from, to); err != nil {
		return nil, err
	}
	c := ix.clubs[clubID]
	if c == nil || !clubActive(c, to) {
		return nil, nil
	}
	ph, start := PhaseOf(to)
	p := &period{ix: ix, from: from, to: to, phase: ph, phaseFrom: start}
	t := p.tally(c)
	return &ClubPartial{Block: p.clubBlock(c, t), t: t}, nil
}

// ClubIDs lists the live clubs of the index's commune (active or not), in no
// particular order.
func (ix *Index) ClubIDs() []string {
	out := make([]string, 0, len(ix.clubs))
	for id := range ix.clubs {
		out = append(out, id)
	}
	return out
}

// Assemble computes q's answer as (*Index).Compute does, taking each club's
// figures from part, which is called once for each club of C (only q.ClubID
// when set) and must return what ix.ClubPartial(id, q.From, q.To) returns
// (typically a partial kept from an earlier index whose rows reaching that
// club are the same). The commune block sums the partials and computes the
// commune-wide figures from ix.
func (ix *Index) Assemble(q Query, part func(clubID string) (*ClubPartial, error)) (*Answer, error) {
	if err := checkPeriod(q.From, q.To); err != nil {
		return nil, err
	}
	p := ix.period(q.From, q.To)
	a := &Answer{From: q.From, To: q.To, Phase: p.phase, Clubs: []ClubBlock{}}
	get := func(c *Row) (*ClubPartial, error) {
		cp, err := part(c.ID)
		if err != nil {
			return nil, err
		}
		if cp == nil {
			return nil, fmt.Errorf("indicators: no partial for club %s of C", c.ID)
		}
		return cp, nil
	}
	if q.ClubID != "" {
		for _, c := range p.clubs {
			if c.ID == q.ClubID {
				cp, err := get(c)
				if err != nil {
					return nil, err
				}
				a.Clubs = append(a.Clubs, cp.Block)
			}
		}
		return a, nil
	}
	var sum communeTally
	for _, c := range p.clubs {
		cp, err := get(c)
		if err != nil {
			return nil, err
		}
		sum.add(cp.t)
		a.Clubs = append(a.Clubs, cp.Block)
	}
	a.Commune = &CommuneBlock{ID: ix.CommuneID, Name: ix.CommuneName(), Indicators: p.communeIndicators(&sum)}
	return a, nil
}
