package demo

import (
	"fmt"
	"time"
)

// Options scale the demo commune for `server seed`: the zero value is the
// demo commune itself.
type Options struct {
	Index   int // the commune's number, for its name (1, 2, …)
	Clubs   int // clubs in the commune (the three demo profiles repeated); 0: the demo's three
	Years   int // years of books (meetings every month); 0: the demo's one year
	Members int // members per club; 0: the demo's 44–57
}

// GenerateScaled invents one commune of a seeded province: like Generate,
// with opt's clubs, years and members. Users are named as in the demo (bcnN
// for club N); the caller decides which to create.
func GenerateScaled(now time.Time, seed int64, opt Options) Data {
	local := now.In(vnZone)
	g := &gen{
		rng:     newRand(seed),
		now:     now,
		today:   time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC),
		startMS: now.UnixMilli() - 24*3600*1000,
		names:   map[string]bool{},
		opt:     opt,
	}
	return g.run()
}

func (g *gen) communeName() string {
	if g.opt.Index == 0 {
		return "Xã Hòa An"
	}
	return fmt.Sprintf("Xã Hòa An %d", g.opt.Index)
}

func (g *gen) villageCount() int {
	n := g.between(4, 5)
	if g.opt.Clubs > 0 {
		n = max(n, (g.opt.Clubs+1)/2)
	}
	return n
}

func villageName(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("Thôn %d", i+1)
}

func (g *gen) memberCount() int {
	if g.opt.Members > 0 {
		return max(g.opt.Members, 8)
	}
	return g.between(44, 57)
}

// months of meetings kept in the books.
func (g *gen) months() int {
	if g.opt.Years > 0 {
		return 12 * g.opt.Years
	}
	return 12
}

// scaledClubs makes opt.Clubs clubs on the three demo profiles (interest
// rate, interest fund, meeting day), founded just before the books begin.
func (g *gen) scaledClubs(profiles []*club, villages []string) []*club {
	out := make([]*club, g.opt.Clubs)
	for i := range out {
		p := profiles[i%len(profiles)]
		v := i % len(villages)
		out[i] = &club{
			name:         fmt.Sprintf("CLB Liên thế hệ tự giúp nhau số %d %s", i+1, villageName([]string{"thôn Đông Hòa", "thôn Trung Lập", "thôn Phú Mỹ", "thôn Lạc Sơn", "thôn Bến Đò"}, v)),
			villageID:    villages[v],
			founded:      addDays(addMonths(g.today, -g.months()-1), -g.intn(20)),
			meetingDay:   p.meetingDay + i/3%7,
			rate:         p.rate,
			interestFund: p.interestFund,
		}
	}
	return out
}
