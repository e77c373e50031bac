package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clb/server/imports"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// memberBook is an XLSX with the template's header and one row per person.
func memberBook(t *testing.T, people ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{}
	head := []any{}
	for _, h := range imports.Headers() {
		head = append(head, h)
	}
	rows = append(rows, head)
	rows = append(rows, people...)
	for i, r := range rows {
		for j, v := range r {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func villager(name string, year int, poverty string) []any {
	return []any{name, "Nữ", year, "01/02/2026", poverty, "", "0912 345 678", "Thôn Một", "", "", "Có", ""}
}

type importAnswer struct {
	ImportID string `json:"import_id"`
	Rows     []struct {
		Line   int            `json:"line"`
		RowID  *string        `json:"row_id"`
		Fields map[string]any `json:"fields"`
		Errors []struct {
			Field, Code, Message string
		} `json:"errors"`
	} `json:"rows"`
	Valid   int      `json:"valid"`
	Invalid int      `json:"invalid"`
	Ignored []string `json:"ignored_columns"`
}

func (e *env) preview(username, club string, body []byte) (importAnswer, resp) {
	e.t.Helper()
	r := e.do(req{method: http.MethodPost, path: "/api/imports?kind=members&club_id=" + club, token: e.tok(username), body: body, ct: xlsxType})
	var a importAnswer
	if r.status == http.StatusOK {
		if err := json.Unmarshal(r.body, &a); err != nil {
			e.t.Fatal(err)
		}
	}
	return a, r
}

func (e *env) commit(username, importID string) ([]result, resp) {
	e.t.Helper()
	r := e.do(req{method: http.MethodPost, path: "/api/imports/" + importID + "/commit", token: e.tok(username)})
	var a struct {
		Results    []result `json:"results"`
		ServerTime string   `json:"server_time"`
	}
	if r.status == http.StatusOK {
		if err := json.Unmarshal(r.body, &a); err != nil || a.ServerTime == "" {
			e.t.Fatalf("commit answer %s: %v", r, err)
		}
	}
	return a.Results, r
}

// members pulls the members of a club that the user sees, by full name.
func (e *env) members(username, club string) map[string]pulledRow {
	out := map[string]pulledRow{}
	for _, r := range e.pullAll(e.tok(username)) {
		if r.Entity == "member" && r.Fields["club_id"] == club {
			out[r.Fields["full_name"].(string)] = r
		}
	}
	return out
}

func TestImportPreviewCommitAndAgain(t *testing.T) {
	e := newEnv(t)
	before := len(e.members("bcn1", club1))
	file := memberBook(t,
		villager("Nguyễn Thị Lan", 1950, "Hộ nghèo"),
		villager("Trần Thị Cúc", 1958, "Không"),
		villager("Lê Văn Bình", 1900+2040, "Không"), // the engine refuses a birth year after this year
		villager("Đỗ Thị Mơ", 1955, "Giàu"),
	)
	a, r := e.preview("bcn1", club1, file)
	if r.status != http.StatusOK {
		t.Fatalf("preview: %s", r)
	}
	if a.Valid != 2 || a.Invalid != 2 || len(a.Rows) != 4 || a.ImportID == "" {
		t.Fatalf("preview = %+v", a)
	}
	if e := a.Rows[2].Errors; len(e) != 1 || e[0].Field != "birth_year" || e[0].Code != "invalid_value" || !strings.HasPrefix(e[0].Message, "Dòng 4, cột “Năm sinh”") {
		t.Errorf("engine's verdict on line 4: %+v", e)
	}
	if e := a.Rows[3].Errors; len(e) != 1 || e[0].Field != "poverty" || !strings.Contains(e[0].Message, "Dòng 5") {
		t.Errorf("line 5: %+v", e)
	}
	if got := a.Rows[0].Fields["phone"]; got != "0912345678" {
		t.Errorf("phone = %v", got)
	}
	// The preview stores nothing but the pending import.
	if n := len(e.members("bcn1", club1)); n != before {
		t.Fatalf("preview stored members: %d → %d", before, n)
	}
	res, r := e.commit("bcn1", a.ImportID)
	if r.status != http.StatusOK || len(res) != 2 || res[0].Status != "applied" || res[1].Status != "applied" {
		t.Fatalf("commit: %s %v", r, res)
	}
	got := e.members("bcn1", club1)
	if len(got) != before+2 {
		t.Fatalf("members after commit: %d, want %d", len(got), before+2)
	}
	lan := got["Nguyễn Thị Lan"]
	if lan.RowID != *a.Rows[0].RowID || lan.Fields["poverty"] != "poor" || lan.Fields["village_id"] != villageA || lan.Fields["loan_need"] != true {
		t.Errorf("imported member: %+v", lan)
	}
	// The same commit again changes nothing.
	res, r = e.commit("bcn1", a.ImportID)
	if r.status != http.StatusOK || len(res) != 2 || res[0].Status != "duplicate" || res[1].Status != "duplicate" {
		t.Fatalf("second commit: %s %v", r, res)
	}
	// A month later the list comes again, with Lan no longer poor: the same
	// people are updated, no twins.
	e.clk.Advance(30 * 24 * time.Hour)
	e.toks = map[string]string{} // the old access tokens have expired
	again := memberBook(t, villager("Nguyễn Thị Lan", 1950, "Hộ cận nghèo"), villager("Trần Thị Cúc", 1958, "Không"))
	b, r := e.preview("bcn1", club1, again)
	if r.status != http.StatusOK || b.Valid != 2 {
		t.Fatalf("second preview: %s", r)
	}
	if res, r = e.commit("bcn1", b.ImportID); r.status != http.StatusOK || res[0].Status != "applied" {
		t.Fatalf("second import: %s %v", r, res)
	}
	got = e.members("bcn1", club1)
	if len(got) != before+2 || got["Nguyễn Thị Lan"].Fields["poverty"] != "near_poor" {
		t.Errorf("after importing again: %d members, Lan %v", len(got), got["Nguyễn Thị Lan"].Fields)
	}
}

func TestImportWhoMay(t *testing.T) {
	e := newEnv(t)
	file := memberBook(t, villager("Hà Thị Thu", 1952, "Không"))
	cases := []struct {
		user, club string
		status     int
		code       string
	}{
		{"bcn1", club1, 200, ""},
		{"canbo", club2, 200, ""},
		{"admin", club3, 200, ""},
		{"bcn1", club2, 403, "forbidden"},  // another club of its commune
		{"canbo", club3, 403, "forbidden"}, // another commune
		{"ytexa", club1, 403, "forbidden"}, // health workers do not import
		{"bcn1", "0190a000-0000-7000-8000-000000000cff", 404, "not_found"},
		{"bcn1", communeA, 404, "not_found"}, // not a club
	}
	for _, c := range cases {
		_, r := e.preview(c.user, c.club, file)
		if r.status != c.status || r.code() != c.code {
			t.Errorf("%s into %s: %s; want %d %s", c.user, c.club, r, c.status, c.code)
		}
	}
	// Someone else's import, an unknown one and an expired one are 404.
	a, _ := e.preview("bcn1", club1, file)
	if _, r := e.commit("canbo", a.ImportID); r.status != 404 || r.code() != "not_found" {
		t.Errorf("someone else's import: %s", r)
	}
	if _, r := e.commit("bcn1", id()); r.status != 404 {
		t.Errorf("unknown import: %s", r)
	}
	if _, r := e.commit("bcn1", "not-a-uuid"); r.status != 404 {
		t.Errorf("bad import id: %s", r)
	}
	e.clk.Advance(24*time.Hour - time.Second)
	e.toks = map[string]string{}
	b, _ := e.preview("bcn1", club1, file)
	e.clk.Advance(2 * time.Second) // a is now 24 h + 1 s old, b 2 s
	e.toks = map[string]string{}
	if _, r := e.commit("bcn1", a.ImportID); r.status != 404 {
		t.Errorf("expired import: %s", r)
	}
	if _, r := e.commit("bcn1", b.ImportID); r.status != 200 {
		t.Errorf("fresh import: %s", r)
	}
	// No token: 401; the template needs a role that imports.
	r := e.do(req{method: http.MethodPost, path: "/api/imports?kind=members&club_id=" + club1, body: file, ct: xlsxType})
	wantErr(t, r, 401, "unauthorized", "")
	wantErr(t, e.get("/api/imports/template?kind=members", e.tok("ytexa")), 403, "forbidden", "")
}

func TestImportBadRequests(t *testing.T) {
	e := newEnv(t)
	file := memberBook(t, villager("Hà Thị Thu", 1952, "Không"))
	post := func(query, ct string, body []byte) resp {
		return e.do(req{method: http.MethodPost, path: "/api/imports" + query, token: e.tok("bcn1"), body: body, ct: ct})
	}
	q := "?kind=members&club_id=" + club1
	wantErr(t, post("?club_id="+club1, xlsxType, file), 400, "missing_field", "kind")
	wantErr(t, post("?kind=loans&club_id="+club1, xlsxType, file), 400, "invalid_value", "kind")
	wantErr(t, post("?kind=members", xlsxType, file), 400, "missing_field", "club_id")
	wantErr(t, post("?kind=members&club_id=abc", xlsxType, file), 400, "invalid_value", "club_id")
	wantErr(t, post(q, "text/csv", file), 400, "invalid_json", "")
	wantErr(t, post(q, xlsxType, []byte("Họ và tên;Giới tính")), 400, "invalid_value", "file")
	wantErr(t, post(q, xlsxType, make([]byte, 6<<20)), 413, "too_large", "")
	// A bad file for a club of another commune is still a bad file (400 before 403).
	wantErr(t, post("?kind=members&club_id="+club3, xlsxType, []byte("nope")), 400, "invalid_value", "file")
	// A header missing a required column names it.
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Họ và tên", "Giới tính", "Năm sinh", "Hoàn cảnh"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"Hà Thị Thu", "Nữ", 1952, "Không"})
	var buf bytes.Buffer
	_ = f.Write(&buf)
	wantErr(t, post(q, xlsxType, buf.Bytes()), 400, "invalid_value", "Ngày vào câu lạc bộ")
	// 5 001 rows: 413.
	many := make([][]any, imports.MaxRows+1)
	for i := range many {
		many[i] = villager(fmt.Sprintf("Người số %d", i), 1950, "Không")
	}
	wantErr(t, post(q, xlsxType, memberBook(t, many...)), 413, "too_large", "")
	// Nothing was stored by any of these.
	if n, err := e.db.CommuneRows(e.ctx, communeA); err != nil || len(e.members("bcn1", club1)) != 1 {
		t.Errorf("bad files stored something: %d rows, %v; members %v", len(n), err, e.members("bcn1", club1))
	}
}

func TestImportTemplate(t *testing.T) {
	e := newEnv(t)
	r := e.get("/api/imports/template?kind=members", e.tok("bcn1"))
	if r.status != 200 || r.header.Get("Content-Type") != xlsxType || !strings.Contains(r.header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("template: %d %v", r.status, r.header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if strings.Join(rows[0], "|") != strings.Join(imports.Headers(), "|") {
		t.Errorf("header = %v", rows[0])
	}
	wantErr(t, e.get("/api/imports/template", e.tok("bcn1")), 400, "missing_field", "kind")
	wantErr(t, e.get("/api/imports/template?kind=loans", e.tok("bcn1")), 400, "invalid_value", "kind")
}
