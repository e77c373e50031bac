package indicators

import (
	"encoding/json"
	"os"
	"testing"
)

// moneyCase is one case of sync/testdata/money.json, which the PWA's Vitest
// suite runs too (pwa/test/golden.test.ts), so that the fund, the cash in
// hand and what each loan owes read the same on the phone and the server.
type moneyCase struct {
	Name         string           `json:"name"`
	On           string           `json:"on"`
	InterestFund *string          `json:"interest_fund"`
	FundEntries  []map[string]any `json:"fund_entries"`
	Loans        []map[string]any `json:"loans"`
	Repayments   []map[string]any `json:"repayments"`
	Want         struct {
		FundSize    int64            `json:"fund_size_vnd"`
		CashInHand  int64            `json:"cash_in_hand_vnd"`
		Outstanding map[string]int64 `json:"outstanding_vnd"`
	} `json:"want"`
}

func TestMoneyGolden(t *testing.T) {
	b, err := os.ReadFile("../../sync/testdata/money.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []moneyCase }
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("no cases")
	}
	const commune, club = "commune-1", "club-1"
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			rows := []Row{
				{Entity: "commune", ID: commune, Fields: map[string]any{"name": "Xã"}},
				{Entity: "club", ID: club, Fields: map[string]any{"commune_id": commune, "name": "CLB", "founded_on": "2025-01-01",
					"interest_fund": nilOr(c.InterestFund)}},
			}
			add := func(entity string, list []map[string]any) {
				for _, f := range list {
					fields := map[string]any{"club_id": club}
					for k, v := range f {
						if k != "id" {
							fields[k] = v
						}
					}
					rows = append(rows, Row{Entity: entity, ID: f["id"].(string), Fields: fields})
				}
			}
			add("fund_entry", c.FundEntries)
			add("loan", c.Loans)
			add("repayment", c.Repayments)
			ix := NewIndex(rows, commune)
			if got := ix.FundSize(club, c.On); got != c.Want.FundSize {
				t.Errorf("fund size %d, want %d", got, c.Want.FundSize)
			}
			if got := ix.CashInHand(club, c.On); got != c.Want.CashInHand {
				t.Errorf("cash in hand %d, want %d", got, c.Want.CashInHand)
			}
			for id, want := range c.Want.Outstanding {
				if got := ix.Outstanding(id, c.On); got != want {
					t.Errorf("loan %s owes %d, want %d", id, got, want)
				}
			}
		})
	}
}

func nilOr(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
