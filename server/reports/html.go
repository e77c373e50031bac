package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"

	"clb/server/indicators"
)

//go:embed report.html.tmpl
var reportTemplate string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"label":     func(code string) string { vi, _ := indicators.Label(code); return vi },
	"clubLabel": func(code string) string { vi, _ := indicators.ClubLabel(code); return vi },
	"unit":      func(code string) string { return spaced(Units(code).Num) },
	"denUnit":   func(code string) string { return spaced(Units(code).Den) },
	"resources": func(c indicators.ClubDetails) int64 { return c.DonationVND + c.GrantVND + c.FundraisingVND },
	"def":       indicators.Definition,
	"value":     Value,
	"status":    StatusLabel,
	"money":     Money,
	"int":       Int,
	"pct": func(num, den int64) string {
		if den == 0 {
			return "—"
		}
		return Percent(float64(num) / float64(den))
	},
	"den": func(p *int64) string {
		if p == nil {
			return ""
		}
		return Int(*p)
	},
	"num": func(code string, n int64) string {
		if indicators.IsMoney(code) || code == "par30_share" {
			return Money(n)
		}
		return Int(n)
	},
	"clubValue": func(c indicators.ClubBlock, code string) string {
		in, _ := indicators.Get(c.Indicators, code)
		return Value(code, in.Value)
	},
	"clubStatus": func(c indicators.ClubBlock, code string) string {
		in, _ := indicators.Get(c.Indicators, code)
		return in.Status
	},
	"inc":   func(i int) int { return i + 1 },
	"date":  DateVN,
	"deref": func(p *int64) int64 { return *p },
}).Parse(reportTemplate))

func spaced(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

type htmlData struct {
	Meta          Meta
	Answer        *indicators.Answer
	Details       *indicators.Details
	Period        string
	Date          string // "ngày 01 tháng 07 năm 2026"
	ClubCodes     []string
	ClubChunks    [][]indicators.ClubBlock // clubs by four, one table each
	Floor         int64
	Definitions   []string
	Readings      []string
	GeneratedText string
	Commune       Place // "xã Hòa An"
	Province      Place // "tỉnh Bắc Ninh"
	NumberLine    string
	PeriodDates   string
	Parts         []template.HTML // extra parts (see Parts), after the figures
	Plan          template.HTML   // sections V–VIII (plan.go), after the written ones
}

// HTML renders the commune report as one A4 print-ready page (CSS @page A4)
// with the header of the commune's official documents, the same tables as
// the workbook, the definitions annex and a signature block.
func HTML(a *indicators.Answer, rows []indicators.Row, meta Meta) ([]byte, error) {
	d, err := prepare(a, rows, meta)
	if err != nil {
		return nil, err
	}
	floor, _ := indicators.Get(a.Commune.Indicators, "fund_floor_vnd")
	g := d.meta.Generated
	hd := htmlData{
		Meta: d.meta, Answer: a, Details: d.details, Period: PeriodLabel(a.From, a.To),
		Date:          fmt.Sprintf("ngày %02d tháng %02d năm %d", g.Day(), int(g.Month()), g.Year()),
		ClubCodes:     indicators.ClubCodes,
		Floor:         floor.Numerator,
		Definitions:   DefinitionCodes(),
		Readings:      indicators.Readings,
		GeneratedText: g.Format("15:04 02/01/2006"),
		Commune:       d.meta.Commune(),
		Province:      d.meta.ProvinceP(),
		NumberLine:    NumberLine(d.meta.Number),
		PeriodDates:   PeriodDates(a.From, a.To),
	}
	for _, p := range Parts {
		if p.HTML == nil {
			continue
		}
		h, err := p.HTML(rows, a)
		if err != nil {
			return nil, fmt.Errorf("report part %s: %w", p.Name, err)
		}
		hd.Parts = append(hd.Parts, h)
	}
	if hd.Plan, err = planHTML(d.plan, [4]string{"V", "VI", "VII", "VIII"}); err != nil {
		return nil, err
	}
	for i := 0; i < len(a.Clubs); i += 4 {
		hd.ClubChunks = append(hd.ClubChunks, a.Clubs[i:min(i+4, len(a.Clubs))])
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, hd); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
