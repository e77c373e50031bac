package wire_test

import (
	"encoding/json"
	"errors"
	"testing"

	"clb/server/wire"
)

func TestCheckJSON(t *testing.T) {
	deep := ""
	for range 17 {
		deep += "["
	}
	for range 17 {
		deep += "]"
	}
	tests := []struct {
		body string
		want error
	}{
		{`{"a":1}`, nil},
		{`{"a":1,"a":2}`, wire.ErrDuplicate},
		{`{"a":{"b":1,"b":1}}`, wire.ErrDuplicate},
		{`{"a":1} x`, wire.ErrTrailing},
		{`{"a":1}{}`, wire.ErrTrailing},
		{deep, wire.ErrDeep},
		{deep[1 : len(deep)-1], nil},
		{"{\"a\":\"\xff\"}", wire.ErrUTF8},
		{`{"a":}`, wire.ErrSyntax},
		{``, wire.ErrSyntax},
	}
	for _, tt := range tests {
		if got := wire.CheckJSON([]byte(tt.body)); got != tt.want {
			t.Errorf("CheckJSON(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

func TestDecodePush(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		changes int
		device  string
		unknown string // the unknown key answered, if any
		shape   bool   // answered ErrShape
	}{
		{"one change", `{"device_id":"d","schema_version":1,"changes":[{"id":"a","entity":"member","row_id":"r","op":"upsert","fields":{},"hlc":"h"}]}`, 1, "d", "", false},
		{"no device", `{"schema_version":1,"changes":[]}`, 0, "", "", false},
		{"unknown top key", `{"device_id":"d","changes":[],"Changes":[]}`, 0, "", "Changes", false},
		{"unknown change key", `{"changes":[{"id":"a","extra":1}]}`, 0, "", "extra", false},
		{"device a number", `{"device_id":7,"changes":[]}`, 0, "", "", true},
		{"changes missing", `{"device_id":"d"}`, 0, "", "", true},
		{"changes not a list", `{"changes":{}}`, 0, "", "", true},
		{"a change not an object", `{"changes":[1]}`, 0, "", "", true},
		{"not an object", `[]`, 0, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := wire.DecodePush([]byte(tt.body))
			var uk *wire.UnknownKeyError
			switch {
			case tt.unknown != "":
				if !errors.As(err, &uk) || uk.Key != tt.unknown {
					t.Fatalf("err = %v, want unknown key %q", err, tt.unknown)
				}
			case tt.shape:
				if !errors.Is(err, wire.ErrShape) {
					t.Fatalf("err = %v, want ErrShape", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Changes) != tt.changes || p.DeviceID != tt.device || p.HasDevice != (tt.device != "") {
					t.Fatalf("decoded %+v", p)
				}
			}
		})
	}
}

func TestDecodeObject(t *testing.T) {
	var v struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	err := wire.DecodeObject([]byte(`{"username":"an","Password":"x","password":"p"}`), &v)
	var uk *wire.UnknownKeyError
	if !errors.As(err, &uk) || uk.Key != "Password" {
		t.Fatalf("err = %v, want unknown key Password (keys match exactly)", err)
	}
	if v.Username != "an" || v.Password != "p" {
		t.Fatalf("known keys not decoded: %+v", v)
	}
}

// FuzzDecodePush: no body makes the decoder panic, and a body it accepts
// has a change for each element of its list.
func FuzzDecodePush(f *testing.F) {
	f.Add([]byte(`{"device_id":"d","schema_version":1,"changes":[{"id":"a","entity":"member","row_id":"r","op":"upsert","fields":{"full_name":"An"},"hlc":"h"}]}`))
	f.Add([]byte(`{"changes":[{"id":1,"fields":{"a":{"b":[1,2,{"c":null}]}}}]}`))
	f.Add([]byte(`{"changes":[],"changes":[]}`))
	f.Add([]byte("{\"changes\":[{\"entity\":\"member\",\"fields\":{\"full_name\":\"\xff\"}}]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := wire.DecodePush(body)
		if err != nil {
			return
		}
		var top struct {
			Changes []json.RawMessage `json:"changes"`
		}
		if err := json.Unmarshal(body, &top); err != nil {
			t.Fatalf("accepted a body encoding/json refuses: %v", err)
		}
		if len(top.Changes) != len(p.Changes) {
			t.Fatalf("%d changes decoded, %d in the body", len(p.Changes), len(top.Changes))
		}
	})
}
