package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func postReport(e *env, token string, body any) resp {
	return e.do(req{method: http.MethodPost, path: "/api/reports", token: token, body: body})
}

type historyAnswer struct {
	Reports []struct {
		ID, From, To, Format, Number string
		FileName                     string `json:"file_name"`
		CreatedBy                    string `json:"created_by"`
		CreatedAt                    string `json:"created_at"`
	} `json:"reports"`
}

func TestPostReport(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	officer := e.tok("canbo")
	sections := map[string]string{
		"results":      "Các câu lạc bộ duy trì sinh hoạt đều đặn.\nPhối hợp tốt với Trạm Y tế.",
		"shortcomings": "Quỹ của một câu lạc bộ còn thấp.",
		"causes":       "Nguồn vận động còn hạn chế.",
		"proposals":    "Đề nghị UBND xã hỗ trợ kinh phí <mua máy đo huyết áp> & sổ sách.",
	}
	r := postReport(e, officer, map[string]any{"from": "2026-01-01", "to": "2026-06-30", "format": "html", "number": "15", "sections": sections})
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s", r)
	}
	body := string(r.body)
	for _, want := range []string{"Số: 15/BC-HNCT", "Các câu lạc bộ duy trì sinh hoạt đều đặn.", "Quỹ của một câu lạc bộ còn thấp.",
		"Nguồn vận động còn hạn chế.", "&lt;mua máy đo huyết áp&gt; &amp; sổ sách", "II. TỒN TẠI, HẠN CHẾ", "III. NGUYÊN NHÂN", "IV. PHƯƠNG HƯỚNG VÀ KIẾN NGHỊ"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(body, "<mua") {
		t.Error("written text is not escaped")
	}
	rid := r.header.Get("X-Report-Id")
	if again := e.get("/api/reports/"+rid+"?format=html", officer); again.status != 200 || !bytes.Equal(again.body, r.body) {
		t.Errorf("kept report differs: %s", again)
	}
	// The XLSX too; a number with its own suffix is printed as given.
	x := postReport(e, officer, map[string]any{"from": "2026-01-01", "to": "2026-06-30", "format": "xlsx", "number": "07/BC-UBND"})
	if x.status != 200 || !bytes.HasPrefix(x.body, []byte("PK")) {
		t.Fatalf("%s", x)
	}
	e.clk.Advance(time.Minute)
	plain := e.get("/api/reports?from=2026-07-01&to=2026-09-30&format=html", officer)
	if plain.status != 200 || !strings.Contains(string(plain.body), "Số:        /BC-HNCT") {
		t.Errorf("GET report without a number: %s", plain)
	}

	// History: newest first, the commune's reports only.
	h := e.get("/api/reports/history", officer)
	if h.status != 200 {
		t.Fatalf("%s", h)
	}
	var ha historyAnswer
	if err := json.Unmarshal(h.body, &ha); err != nil {
		t.Fatal(err)
	}
	if len(ha.Reports) != 3 {
		t.Fatalf("history %s", h.body)
	}
	first, last := ha.Reports[0], ha.Reports[2]
	if first.ID != plain.header.Get("X-Report-Id") || first.From != "2026-07-01" || first.Number != "" || first.Format != "html" {
		t.Errorf("newest %+v", first)
	}
	if last.ID != rid || last.Number != "15" || last.To != "2026-06-30" || last.CreatedBy == "" || !strings.HasSuffix(last.FileName, "-2026-01-01-2026-06-30.html") {
		t.Errorf("oldest %+v", last)
	}
	if ha.Reports[1].Number != "07/BC-UBND" || ha.Reports[1].Format != "xlsx" {
		t.Errorf("middle %+v", ha.Reports[1])
	}
	if !(first.CreatedAt > last.CreatedAt) {
		t.Errorf("not newest first: %s, %s", first.CreatedAt, last.CreatedAt)
	}
	for _, k := range []string{`"id"`, `"from"`, `"to"`, `"format"`, `"file_name"`, `"number"`, `"created_by"`, `"created_at"`} {
		if !bytes.Contains(h.body, []byte(k)) {
			t.Errorf("history lacks %s", k)
		}
	}
	// Commune B's officer sees none of them; an admin names the commune.
	var hb historyAnswer
	if r := e.get("/api/reports/history", e.tok("canbob")); r.status != 200 || json.Unmarshal(r.body, &hb) != nil || len(hb.Reports) != 0 {
		t.Errorf("officer of B: %s", r)
	}
	var hadm historyAnswer
	if r := e.get("/api/reports/history?commune_id="+communeA, e.tok("admin")); r.status != 200 || json.Unmarshal(r.body, &hadm) != nil || len(hadm.Reports) != 3 {
		t.Errorf("admin: %s", r)
	}
	wantErr(t, e.get("/api/reports/history?commune_id="+communeB, officer), 403, "forbidden", "")
	wantErr(t, e.get("/api/reports/history", e.tok("bcn1")), 403, "forbidden", "")
	wantErr(t, e.get("/api/reports/history?commune_id=x", officer), 400, "invalid_value", "commune_id")
}

func TestPostReportRejects(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	officer := e.tok("canbo")
	ok := func() map[string]any {
		return map[string]any{"from": "2026-01-01", "to": "2026-06-30", "format": "html"}
	}
	with := func(k string, v any) map[string]any { m := ok(); m[k] = v; return m }
	without := func(k string) map[string]any { m := ok(); delete(m, k); return m }
	long := strings.Repeat("ệ", 20001)
	edge := strings.Repeat("ệ", 20000)
	cases := []struct {
		name        string
		token       string
		body        any
		status      int
		code, field string
	}{
		{"from missing", officer, without("from"), 400, "missing_field", "from"},
		{"format missing", officer, without("format"), 400, "missing_field", "format"},
		{"bad date", officer, with("to", "2026-02-30"), 400, "invalid_value", "to"},
		{"from after to", officer, with("from", "2026-07-01"), 400, "invalid_value", "from"},
		{"format pdf", officer, with("format", "pdf"), 400, "invalid_value", "format"},
		{"section too long", officer, with("sections", map[string]string{"causes": long}), 400, "invalid_value", "sections.causes"},
		{"control character", officer, with("sections", map[string]string{"results": "a\u0007b"}), 400, "invalid_value", "sections.results"},
		{"number too long", officer, with("number", strings.Repeat("1", 51)), 400, "invalid_value", "number"},
		{"number with a line break", officer, with("number", "1\n2"), 400, "invalid_value", "number"},
		{"section not text", officer, with("sections", map[string]any{"results": 5}), 400, "invalid_json", ""},
		{"not JSON", officer, "{", 400, "invalid_json", ""},
		{"another commune", officer, with("commune_id", communeB), 403, "forbidden", ""},
		{"admin without a commune", e.tok("admin"), ok(), 400, "missing_field", "commune_id"},
		{"board", e.tok("bcn1"), ok(), 403, "forbidden", ""},
		{"health worker", e.tok("ytexa"), ok(), 403, "forbidden", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantErr(t, postReport(e, c.token, c.body), c.status, c.code, c.field)
		})
	}
	// 20 000 characters in every section is accepted.
	r := postReport(e, officer, with("sections", map[string]string{"results": edge, "shortcomings": edge, "causes": edge, "proposals": edge}))
	if r.status != 200 || strings.Count(string(r.body), edge) != 4 {
		t.Errorf("four sections of 20 000 characters: %d", r.status)
	}
	// Nothing rejected was kept.
	var h historyAnswer
	if r := e.get("/api/reports/history", officer); json.Unmarshal(r.body, &h) != nil || len(h.Reports) != 1 {
		t.Errorf("history after rejects: %s", r)
	}
}

func TestClubLastSync(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	officer := e.tok("canbo")
	type answer struct {
		Clubs []struct {
			ClubID     string `json:"club_id"`
			LastSyncAt string `json:"last_sync_at"`
		} `json:"clubs"`
	}
	get := func(tok, q string) map[string]string {
		t.Helper()
		r := e.get("/api/clubs/last-sync"+q, tok)
		var a answer
		if r.status != 200 || json.Unmarshal(r.body, &a) != nil {
			t.Fatalf("%s", r)
		}
		out := map[string]string{}
		for _, c := range a.Clubs {
			out[c.ClubID] = c.LastSyncAt
		}
		return out
	}
	before := get(officer, "")
	e.clk.Advance(2 * time.Minute)
	e.mustApply("bcn1", upsert("member", id(), memberFields(club1), e.hlc(0, "b1")))
	e.mustApply("canbo", upsert("member", id(), memberFields(club2), e.hlc(0, "o1"))) // the officer's own change: not the club's phones
	after := get(officer, "")
	if after[club1] == "" || after[club1] <= before[club1] {
		t.Errorf("club 1: %q then %q", before[club1], after[club1])
	}
	if after[club2] != before[club2] {
		t.Errorf("club 2 moved with the officer's change: %q then %q", before[club2], after[club2])
	}
	if _, ok := after[club3]; ok {
		t.Error("a club of commune B is listed")
	}
	if got := get(e.tok("admin"), "?commune_id="+communeA); got[club1] != after[club1] {
		t.Errorf("admin %v", got)
	}
	wantErr(t, e.get("/api/clubs/last-sync", e.tok("bcn1")), 403, "forbidden", "")
	wantErr(t, e.get("/api/clubs/last-sync?commune_id="+communeB, officer), 403, "forbidden", "")
}
